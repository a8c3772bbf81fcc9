import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, slaFlags, type BusinessCalendar, type WeeklyHours } from './business-hours.js';

// The workspace default: Mon-Fri 08:00-17:30, Sat 08:00-12:00, Sunday closed.
const weekly: WeeklyHours = {
  mon: [['08:00', '17:30']],
  tue: [['08:00', '17:30']],
  wed: [['08:00', '17:30']],
  thu: [['08:00', '17:30']],
  fri: [['08:00', '17:30']],
  sat: [['08:00', '12:00']],
};
const vn = (holidays: string[] = []): BusinessCalendar => ({ timezone: 'Asia/Ho_Chi_Minh', weekly, holidays });
// Vietnam is UTC+7 all year (no DST), so local times are written with an explicit offset.
const at = (local: string) => new Date(`${local}+07:00`);

describe('addBusinessMinutes', () => {
  it('carries Friday 17:00 + 60 min over to Saturday 08:30', () => {
    // 2026-11-20 is a Friday: 30 min left on Friday, 30 more from Saturday 08:00.
    expect(new Date('2026-11-20T00:00:00Z').getUTCDay()).toBe(5);
    expect(addBusinessMinutes(at('2026-11-20T17:00:00'), 60, vn())).toEqual(at('2026-11-21T08:30:00'));
  });

  it('skips Sunday: Saturday 11:30 + 60 min → Monday 08:30', () => {
    expect(addBusinessMinutes(at('2026-11-21T11:30:00'), 60, vn())).toEqual(at('2026-11-23T08:30:00'));
  });

  it('skips a holiday: with Monday 23/11 off, Saturday 11:30 + 60 min → Tuesday 08:30', () => {
    expect(addBusinessMinutes(at('2026-11-21T11:30:00'), 60, vn(['2026-11-23']))).toEqual(at('2026-11-24T08:30:00'));
  });

  it('skips 30/4 and 1/5 (Thu, Fri in 2026): Wed 29/4 17:00 + 60 min → Sat 2/5 08:30', () => {
    expect(new Date('2026-04-30T00:00:00Z').getUTCDay()).toBe(4);
    const cal = vn(['2026-04-30', '2026-05-01']);
    expect(addBusinessMinutes(at('2026-04-29T17:00:00'), 60, cal)).toEqual(at('2026-05-02T08:30:00'));
    // Without the holidays it would be Thursday morning.
    expect(addBusinessMinutes(at('2026-04-29T17:00:00'), 60, vn())).toEqual(at('2026-04-30T08:30:00'));
  });

  it('starts counting at opening time when started before hours', () => {
    expect(addBusinessMinutes(at('2026-11-23T06:15:00'), 30, vn())).toEqual(at('2026-11-23T08:30:00'));
  });

  it('lands exactly on closing time when the minutes fill the day', () => {
    expect(addBusinessMinutes(at('2026-11-23T17:00:00'), 30, vn())).toEqual(at('2026-11-23T17:30:00'));
  });

  it('counts a multi-day target (3 days of 8.5 h from Monday 08:00 → Wednesday 17:30)', () => {
    expect(addBusinessMinutes(at('2026-11-23T08:00:00'), 3 * 570, vn())).toEqual(at('2026-11-25T17:30:00'));
  });

  it('respects a lunch break with two ranges a day', () => {
    const cal: BusinessCalendar = { timezone: 'Asia/Ho_Chi_Minh', weekly: { mon: [['13:30', '17:30'], ['08:00', '12:00']] }, holidays: [] };
    expect(addBusinessMinutes(at('2026-11-23T11:30:00'), 60, cal)).toEqual(at('2026-11-23T14:00:00'));
  });

  it('returns the start for 0 minutes and throws for a calendar with no hours', () => {
    expect(addBusinessMinutes(at('2026-11-22T10:00:00'), 0, vn())).toEqual(at('2026-11-22T10:00:00'));
    expect(() => addBusinessMinutes(at('2026-11-22T10:00:00'), 10, { timezone: 'UTC', weekly: {}, holidays: [] })).toThrow(/no open hours/);
  });

  it('uses the calendar zone, not the machine zone', () => {
    const cal: BusinessCalendar = { timezone: 'UTC', weekly, holidays: [] };
    // Friday 17:00 UTC is Saturday 00:00 in Vietnam; in UTC it is still Friday with 30 min left.
    expect(addBusinessMinutes(new Date('2026-11-20T17:00:00Z'), 60, cal)).toEqual(new Date('2026-11-21T08:30:00Z'));
  });
});

describe('businessMinutesBetween', () => {
  it('counts only open time: Friday 17:00 → Saturday 08:30 is 60 min', () => {
    expect(businessMinutesBetween(at('2026-11-20T17:00:00'), at('2026-11-21T08:30:00'), vn())).toBe(60);
  });

  it('is negative when the end is before the start', () => {
    expect(businessMinutesBetween(at('2026-11-21T08:30:00'), at('2026-11-20T17:00:00'), vn())).toBe(-60);
  });

  it('counts nothing on a holiday or a Sunday', () => {
    expect(businessMinutesBetween(at('2026-11-22T00:00:00'), at('2026-11-23T00:00:00'), vn())).toBe(0);
    expect(businessMinutesBetween(at('2026-04-30T00:00:00'), at('2026-05-02T00:00:00'), vn(['2026-04-30', '2026-05-01']))).toBe(0);
    expect(businessMinutesBetween(at('2026-04-30T00:00:00'), at('2026-05-02T00:00:00'), vn())).toBe(2 * 570);
  });

  it('counts a whole week: 5 × 570 + 240 minutes', () => {
    expect(businessMinutesBetween(at('2026-11-23T00:00:00'), at('2026-11-30T00:00:00'), vn())).toBe(5 * 570 + 240);
  });

  it('handles a DST day in a zone that has one (Berlin, 29/3/2026 has 23 hours)', () => {
    const cal: BusinessCalendar = { timezone: 'Europe/Berlin', weekly: { sun: [['00:00', '24:00']] }, holidays: [] };
    expect(businessMinutesBetween(new Date('2026-03-28T23:00:00Z'), new Date('2026-03-29T22:00:00Z'), cal)).toBe(23 * 60);
  });

  it('inverts addBusinessMinutes for many starts and lengths', () => {
    const cal = vn(['2026-11-25']);
    for (let h = 0; h < 24 * 7; h += 5) {
      const start = new Date(at('2026-11-20T00:00:00').getTime() + h * 3_600_000 + 7 * 60_000);
      for (const m of [1, 45, 240, 1440, 2400]) {
        const due = addBusinessMinutes(start, m, cal);
        expect(businessMinutesBetween(start, due, cal)).toBeCloseTo(m, 6);
      }
    }
  });
});

describe('slaFlags', () => {
  const cal = vn();
  const due = at('2026-11-23T12:00:00'); // Monday noon, 4 h target from 08:00

  it('is on track early, at risk within the last 20 % of business minutes, breached after due', () => {
    const t = { dueAt: due, metAt: null, targetMinutes: 240 };
    expect(slaFlags(t, at('2026-11-23T09:00:00'), cal)).toMatchObject({ breached: false, atRisk: false });
    expect(slaFlags(t, at('2026-11-23T11:12:00'), cal)).toMatchObject({ breached: false, atRisk: true }); // 48 min = 20 %
    expect(slaFlags(t, at('2026-11-23T11:11:00'), cal)).toMatchObject({ atRisk: false });
    expect(slaFlags(t, at('2026-11-23T12:01:00'), cal)).toMatchObject({ breached: true, atRisk: false });
  });

  it('judges a met target by when it was met', () => {
    expect(slaFlags({ dueAt: due, metAt: at('2026-11-23T11:59:00'), targetMinutes: 240 }, at('2026-11-30T00:00:00'), cal)).toMatchObject({ breached: false, atRisk: false });
    expect(slaFlags({ dueAt: due, metAt: at('2026-11-23T12:30:00'), targetMinutes: 240 }, at('2026-11-23T12:31:00'), cal)).toMatchObject({ breached: true });
  });

  it('takes a custom threshold and has no flags without a due time', () => {
    expect(slaFlags({ dueAt: due, metAt: null, targetMinutes: 240 }, at('2026-11-23T10:00:00'), cal, 0.5)).toMatchObject({ atRisk: true });
    expect(slaFlags({ dueAt: null, metAt: null, targetMinutes: null }, new Date(), cal)).toEqual({ dueAt: null, metAt: null, breached: false, atRisk: false });
  });
});
