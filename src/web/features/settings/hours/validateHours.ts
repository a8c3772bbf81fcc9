import type { BusinessHours, Weekday } from '../../../../shared/settings';

export type Range = [string, string];
export type WeekSchedule = Record<Weekday, Range[]>;

/** The error key of one day's ranges (start before end, no overlap), or null when fine. */
export function dayError(ranges: Range[]): 'hours.rangeOrder' | 'hours.overlap' | null {
  if (ranges.some(([a, b]) => !a || !b || a >= b)) return 'hours.rangeOrder';
  const sorted = [...ranges].sort((x, y) => (x[0] < y[0] ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) if (sorted[i][0] < sorted[i - 1][1]) return 'hours.overlap';
  return null;
}

/** The API shape: closed days are left out, ranges sorted. */
export function toBusinessHours(week: WeekSchedule): BusinessHours {
  const out: BusinessHours = {};
  for (const [day, ranges] of Object.entries(week) as [Weekday, Range[]][]) {
    if (ranges.length) out[day] = [...ranges].sort((x, y) => (x[0] < y[0] ? -1 : 1));
  }
  return out;
}
