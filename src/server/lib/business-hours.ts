import { TZDate } from '@date-fns/tz';

/**
 * Business-time arithmetic for SLA targets. Pure functions: the calendar (zone, weekly hours,
 * holidays) is passed in, so they are testable without a database and cheap to call per inbox row.
 */
export const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayKey = (typeof DAY_KEYS)[number];

/** {"mon":[["08:00","17:30"]], …}; a missing or empty day is closed. "24:00" ends a day. */
export type WeeklyHours = Partial<Record<DayKey, [string, string][]>>;

export interface BusinessCalendar {
  timezone: string;
  weekly: WeeklyHours;
  /** Closed calendar days in the calendar's zone, "yyyy-MM-dd". */
  holidays: Iterable<string>;
}

export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';

const MINUTE = 60_000;
// A calendar with hours on at most one day a year still resolves; beyond this we give up (no hours at all).
const MAX_DAYS_SCANNED = 800;

interface LocalDay {
  y: number;
  m: number; // 0-11
  d: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayKeyOf = (day: LocalDay) => `${day.y}-${pad(day.m + 1)}-${pad(day.d)}`;

function localDayOf(instant: Date, timezone: string): LocalDay {
  const t = new TZDate(instant.getTime(), timezone);
  return { y: t.getFullYear(), m: t.getMonth(), d: t.getDate() };
}

// Calendar arithmetic in UTC so a DST change in the zone never skips or repeats a day.
function nextDay(day: LocalDay, step = 1): LocalDay {
  const u = new Date(Date.UTC(day.y, day.m, day.d + step));
  return { y: u.getUTCFullYear(), m: u.getUTCMonth(), d: u.getUTCDate() };
}

function parseHm(hm: string): [number, number] {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hm.trim());
  if (!m) throw new Error(`Invalid time "${hm}", expected HH:mm`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) throw new Error(`Invalid time "${hm}"`);
  return [h, min];
}

/** The open intervals of one local day as absolute [startMs, endMs), sorted, holidays closed. */
function intervalsOf(day: LocalDay, cal: BusinessCalendar, holidays: Set<string>): [number, number][] {
  if (holidays.has(dayKeyOf(day))) return [];
  const weekday = DAY_KEYS[new Date(Date.UTC(day.y, day.m, day.d)).getUTCDay()];
  const ranges = cal.weekly[weekday] ?? [];
  const out: [number, number][] = [];
  for (const [from, to] of ranges) {
    const [fh, fm] = parseHm(from);
    const [th, tm] = parseHm(to);
    const s = new TZDate(day.y, day.m, day.d, fh, fm, cal.timezone).getTime();
    const e = new TZDate(day.y, day.m, day.d, th, tm, cal.timezone).getTime();
    if (e > s) out.push([s, e]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

function holidaySet(cal: BusinessCalendar): Set<string> {
  return cal.holidays instanceof Set ? (cal.holidays as Set<string>) : new Set(cal.holidays);
}

/**
 * The instant reached after `minutes` of open business time from `start`. Time outside hours and on
 * holidays does not count: Friday 17:00 + 60 min with Fri 08:00-17:30 and Sat 08:00-12:00 → Sat 08:30.
 * Throws when the calendar has no open hours at all.
 */
export function addBusinessMinutes(start: Date, minutes: number, cal: BusinessCalendar): Date {
  if (minutes < 0) throw new Error('minutes must be ≥ 0');
  const holidays = holidaySet(cal);
  let remaining = minutes * MINUTE;
  const cursor = start.getTime();
  if (remaining === 0) return new Date(cursor);
  let day = localDayOf(start, cal.timezone);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++, day = nextDay(day)) {
    for (const [s, e] of intervalsOf(day, cal, holidays)) {
      if (e <= cursor) continue;
      const from = Math.max(s, cursor);
      const available = e - from;
      if (available >= remaining) return new Date(from + remaining);
      remaining -= available;
    }
  }
  throw new Error('The business calendar has no open hours');
}

/**
 * Open business minutes between a and b (fractional). Negative when b is before a, so
 * "minutes left until due" reads naturally once a target is overdue.
 */
export function businessMinutesBetween(a: Date, b: Date, cal: BusinessCalendar): number {
  if (b.getTime() < a.getTime()) return -businessMinutesBetween(b, a, cal);
  const holidays = holidaySet(cal);
  const from = a.getTime();
  const to = b.getTime();
  let total = 0;
  let day = localDayOf(a, cal.timezone);
  const last = dayKeyOf(localDayOf(b, cal.timezone));
  for (let i = 0; i < 100_000; i++, day = nextDay(day)) {
    for (const [s, e] of intervalsOf(day, cal, holidays)) {
      const lo = Math.max(s, from);
      const hi = Math.min(e, to);
      if (hi > lo) total += hi - lo;
    }
    if (dayKeyOf(day) === last) break;
  }
  return total / MINUTE;
}

export interface SlaFlags {
  dueAt: string | null;
  /** When the target was met (first reply, resolution), if it was. */
  metAt: string | null;
  /** Met late, or not met and past due. */
  breached: boolean;
  /** Not met, not breached, and at most `atRiskFraction` of the target's business minutes left. */
  atRisk: boolean;
}

/** Breach and at-risk flags of one SLA target at `now`. */
export function slaFlags(
  target: { dueAt: Date | null; metAt: Date | null; targetMinutes: number | null },
  now: Date,
  cal: BusinessCalendar,
  atRiskFraction = 0.2,
): SlaFlags {
  const { dueAt, metAt, targetMinutes } = target;
  const base = { dueAt: dueAt ? dueAt.toISOString() : null, metAt: metAt ? metAt.toISOString() : null };
  if (!dueAt) return { ...base, breached: false, atRisk: false };
  if (metAt) return { ...base, breached: metAt.getTime() > dueAt.getTime(), atRisk: false };
  if (now.getTime() > dueAt.getTime()) return { ...base, breached: true, atRisk: false };
  if (!targetMinutes) return { ...base, breached: false, atRisk: false };
  const left = businessMinutesBetween(now, dueAt, cal);
  return { ...base, breached: false, atRisk: left <= targetMinutes * atRiskFraction };
}
