import { describe, expect, it } from 'vitest';
import { durationTicks, formatDuration, formatMeasure, measureChange } from './metricFormat';
import { addDays, dayCount, presetRange, todayIn } from './periods';

describe('dashboard formatting', () => {
  it('durations: the two largest adjacent units', () => {
    expect(formatDuration(2 * 3600 + 15 * 60 + 7, 'vi')).toBe('2 giờ 15 phút');
    expect(formatDuration(250, 'en')).toBe('4m 10s');
    expect(formatDuration(250, 'vi')).toBe('4 phút 10 giây');
    expect(formatDuration(3605, 'vi')).toBe('1 giờ');
    expect(formatDuration(0, 'vi')).toBe('0 giây');
    expect(formatDuration(0.2, 'vi')).toBe('< 1 giây');
    expect(formatDuration(90000, 'en')).toBe('1d 1h');
  });

  it('time axes step in human units', () => {
    expect(durationTicks(8000)).toEqual([0, 1800, 3600, 5400, 7200, 9000]);
    expect(durationTicks(1000)).toEqual([0, 300, 600, 900, 1200]);
    expect(durationTicks(0)).toEqual([0, 60]);
  });

  it('measures in their unit, one decimal for percentages, — for no data', () => {
    expect(formatMeasure('csat', 100, 'vi')).toBe('100,0\u00a0%');
    expect(formatMeasure('csat', 92.46, 'en')).toBe('92.5\u00a0%');
    expect(formatMeasure('volume', 12345, 'vi')).toBe('12.345');
    expect(formatMeasure('ces', 5.25, 'vi')).toBe('5,3');
    expect(formatMeasure('nps', -12, 'en')).toBe('-12');
    expect(formatMeasure('frt', null, 'vi')).toBe('—');
  });

  it('change is good or bad by the measure’s better direction', () => {
    expect(measureChange('csat', 90, 80, 'vi')).toEqual({ text: '+10,0 điểm', direction: 'up', tone: 'good' });
    expect(measureChange('frt', 120, 100, 'en')).toEqual({ text: '+20.0\u00a0%', direction: 'up', tone: 'bad' });
    expect(measureChange('frt', 80, 100, 'en')?.tone).toBe('good');
    expect(measureChange('volume', 80, 100, 'en')?.tone).toBe('neutral');
    expect(measureChange('csat', 80, null, 'en')).toBeNull();
  });

  it('periods end today in the workspace zone', () => {
    // 17:30 UTC on 22/11 is already 23/11 in Vietnam.
    expect(todayIn('Asia/Ho_Chi_Minh', new Date('2026-11-22T17:30:00Z'))).toBe('2026-11-23');
    expect(presetRange('7d', '2026-11-22')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(presetRange('month', '2026-03-05')).toEqual({ from: '2026-03-01', to: '2026-03-05' });
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayCount('2026-11-01', '2026-11-30')).toBe(30);
  });
});
