import { describe, expect, it } from 'vitest';
import { MONTHLY_CRON, QUARTERLY_CRON, isCronLine, modeOf, scheduleFor } from './schedule';

describe('campaign schedules', () => {
  const now = new Date('2026-11-22T10:00:00Z');

  it('maps presets to cron lines and back', () => {
    expect(scheduleFor('quarterly', '', null, now)).toEqual({ schedule: QUARTERLY_CRON, runAt: null });
    expect(scheduleFor('monthly', '', null, now)).toEqual({ schedule: MONTHLY_CRON, runAt: null });
    expect(modeOf({ schedule: QUARTERLY_CRON, runAt: null })).toBe('quarterly');
    expect(modeOf({ schedule: '0  9 1 * *', runAt: null })).toBe('monthly');
    expect(modeOf({ schedule: '30 8 * * 1', runAt: null })).toBe('cron');
    expect(modeOf({ schedule: null, runAt: '2026-12-01T02:00:00Z' })).toBe('once');
  });

  it('checks a custom cron line', () => {
    expect(isCronLine('30 8 * * 1-5')).toBe(true);
    expect(isCronLine('*/15 * * * *')).toBe(true);
    expect(isCronLine('mỗi thứ hai')).toBe(false);
    expect(isCronLine('0 9 1 *')).toBe(false);
    expect(scheduleFor('cron', ' 30  8 * * 1 ', null, now)).toEqual({ schedule: '30 8 * * 1', runAt: null });
    expect(scheduleFor('cron', 'x y z', null, now)).toEqual({ error: 'cronInvalid' });
  });

  it('a one-off run needs a time in the future', () => {
    expect(scheduleFor('once', '', null, now)).toEqual({ error: 'runAtMissing' });
    expect(scheduleFor('once', '', new Date('2026-11-22T09:00:00Z'), now)).toEqual({ error: 'runAtPast' });
    expect(scheduleFor('once', '', new Date('2026-12-01T02:00:00Z'), now)).toEqual({ schedule: null, runAt: '2026-12-01T02:00:00.000Z' });
  });
});
