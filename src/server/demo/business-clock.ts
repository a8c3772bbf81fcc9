/**
 * A fast business-time clock for generating millions of timestamps: the open intervals of a fixed
 * window are computed once (fixed UTC offset, weekly hours, no holidays), then positions in
 * "business minutes" map to instants by binary search. Good enough for demo data; the app's SLA
 * arithmetic lives in lib/business-hours.ts.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export type WeeklyHours = Partial<Record<'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat', [string, string][]>>;
const KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface BusinessClock {
  /** Business minutes between the window start and its end (`now`). */
  readonly totalMinutes: number;
  /** The instant (ms) that lies `minutes` business minutes after the window start. */
  at(minutes: number): number;
  /** Business-minute position of an instant (an instant outside hours counts as the next opening). */
  positionOf(ms: number): number;
  /** `ms` plus `minutes` business minutes. */
  add(ms: number, minutes: number): number;
}

const toMin = (hm: string) => {
  const [h, m] = hm.split(':').map(Number);
  return h * 60 + m;
};

/** Clock over [startMs, endMs] (and 60 days beyond, for due dates) in a zone with a fixed UTC offset. */
export function businessClock(startMs: number, endMs: number, weekly: WeeklyHours, utcOffsetMinutes = 7 * 60): BusinessClock {
  const starts: number[] = [];
  const ends: number[] = [];
  const cum: number[] = []; // business minutes before interval i
  let total = 0;
  const off = utcOffsetMinutes * MINUTE;
  // Local midnight of the first day, as an instant.
  const firstLocalMidnight = Math.floor((startMs + off) / DAY) * DAY - off;
  for (let day = firstLocalMidnight; day < endMs + 60 * DAY; day += DAY) {
    const weekday = KEYS[new Date(day + off).getUTCDay()];
    for (const [a, b] of weekly[weekday] ?? []) {
      let s = day + toMin(a) * MINUTE;
      const e = day + toMin(b) * MINUTE;
      if (e <= startMs) continue;
      if (s < startMs) s = startMs;
      starts.push(s);
      ends.push(e);
      cum.push(total);
      total += (e - s) / MINUTE;
    }
  }
  if (starts.length === 0) throw new Error('business hours are empty');

  const positionOf = (ms: number): number => {
    // Last interval starting at or before ms.
    let lo = 0;
    let hi = starts.length - 1;
    if (ms < starts[0]) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= ms) lo = mid;
      else hi = mid - 1;
    }
    if (ms >= ends[lo]) return cum[lo] + (ends[lo] - starts[lo]) / MINUTE;
    return cum[lo] + (ms - starts[lo]) / MINUTE;
  };
  const at = (minutes: number): number => {
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cum[mid] <= minutes) lo = mid;
      else hi = mid - 1;
    }
    return Math.min(starts[lo] + (minutes - cum[lo]) * MINUTE, ends[lo] - 1);
  };
  return {
    totalMinutes: positionOf(endMs),
    at,
    positionOf,
    add: (ms, minutes) => at(positionOf(ms) + minutes),
  };
}
