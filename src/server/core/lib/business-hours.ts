import { TZDate, tzOffset } from '@date-fns/tz';

/**
 * Business-time arithmetic for SLA targets. Pure functions: the calendar (zone, weekly hours,
 * holidays) is passed in, so they are testable without a database and cheap to call per inbox row.
 */
export const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayKey = (typeof DAY_KEYS)[number];

/** {"mon":[["08:00","17:30"]], …}; a missing or empty day is closed. "24:00" ends a day. */
export type WeeklyHours = Partial<Record<DayKey, [string, string][]>>;

/** Treated as immutable once used: businessMinutesBetween caches an index per calendar object. */
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

/**
 * The open intervals of one local day as absolute [startMs, endMs), sorted, holidays closed.
 * `offsetMs`: the zone's UTC offset, known to hold all that day (saves the costly TZDate per bound).
 */
function intervalsOf(day: LocalDay, cal: BusinessCalendar, holidays: Set<string>, offsetMs?: number): [number, number][] {
  if (holidays.has(dayKeyOf(day))) return [];
  const weekday = DAY_KEYS[new Date(Date.UTC(day.y, day.m, day.d)).getUTCDay()];
  const ranges = cal.weekly[weekday] ?? [];
  const out: [number, number][] = [];
  for (const [from, to] of ranges) {
    const [fh, fm] = parseHm(from);
    const [th, tm] = parseHm(to);
    const s = offsetMs === undefined ? new TZDate(day.y, day.m, day.d, fh, fm, cal.timezone).getTime() : Date.UTC(day.y, day.m, day.d, fh, fm) - offsetMs;
    const e = offsetMs === undefined ? new TZDate(day.y, day.m, day.d, th, tm, cal.timezone).getTime() : Date.UTC(day.y, day.m, day.d, th, tm) - offsetMs;
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
  if (minutes === 0) return new Date(start.getTime());
  // Every new ticket's due dates come through here: the calendar's index answers with two binary
  // searches where the day walk builds each day's intervals with a zone lookup per bound.
  const fromIndex = addFromIndex(start, minutes * MINUTE, cal);
  return fromIndex === undefined ? addBusinessMinutesByDay(start, minutes, cal) : new Date(fromIndex);
}

/** addBusinessMinutes walked day by day, without the index: the reference the index must equal. */
export function addBusinessMinutesByDay(start: Date, minutes: number, cal: BusinessCalendar): Date {
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
 *
 * Answered from an index of the calendar's open intervals (see OpenTimeIndex) that is built once per
 * calendar object and reused: an inbox page calls this for every row with the same calendar.
 */
export function businessMinutesBetween(a: Date, b: Date, cal: BusinessCalendar): number {
  if (b.getTime() < a.getTime()) return -businessMinutesBetween(b, a, cal);
  const ms = openTimeIndexFor(cal, a, b)?.openMsBetween(a.getTime(), b.getTime());
  return ms === undefined ? businessMinutesBetweenByDay(a, b, cal) : ms / MINUTE;
}

/** businessMinutesBetween computed day by day, without the index: the reference the index must equal. */
export function businessMinutesBetweenByDay(a: Date, b: Date, cal: BusinessCalendar): number {
  if (b.getTime() < a.getTime()) return -businessMinutesBetweenByDay(b, a, cal);
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

// An index never spans more days than this; longer spans fall back to the day-by-day walk.
const MAX_INDEX_DAYS = 3_000;
const dayNumber = (day: LocalDay) => Math.round(Date.UTC(day.y, day.m, day.d) / 86_400_000);
const dayOfNumber = (n: number): LocalDay => nextDay({ y: 1970, m: 0, d: 1 }, n);

/**
 * The open intervals of a run of consecutive local days, sorted, with the open time before each,
 * so open time up to any instant is a binary search and one subtraction. Holds only while the
 * intervals do not overlap (the builder gives up otherwise: overlapping hours of one day are
 * counted twice by the day-by-day walk, and the index must give the same answer).
 */
class OpenTimeIndex {
  private starts: number[] = [];
  private ends: number[] = [];
  private before: number[] = [];
  /** Instants covered: every local day from firstDay through lastDay. */
  private from = 0;
  private to = 0;
  private firstDay = 0;
  private lastDay = -1;

  constructor(private readonly cal: BusinessCalendar) {}

  private holidays = new Set<string>();

  /** Makes the index cover local days [first, last]: 'ok', 'too-long', or 'inexact' (overlapping hours). */
  cover(first: number, last: number): 'ok' | 'too-long' | 'inexact' {
    if (this.lastDay >= this.firstDay && first >= this.firstDay && last <= this.lastDay) return 'ok';
    // Grow by a month beyond what is asked, so a page of tickets of different ages extends it rarely.
    const empty = this.lastDay < this.firstDay;
    const lo = empty ? first : first < this.firstDay ? Math.min(first, this.firstDay - 31) : this.firstDay;
    const hi = empty ? last : last > this.lastDay ? Math.max(last, this.lastDay + 31) : this.lastDay;
    if (hi - lo + 1 > MAX_INDEX_DAYS) return 'too-long';
    if (this.lastDay < this.firstDay) this.holidays = holidaySet(this.cal);
    const fresh = (fromDay: number, toDay: number) => {
      // The zone's offset sampled once per day, 14 h before each UTC midnight: a local day lies between
      // the samples of its own day and of three days later. When those four agree, no offset change
      // falls inside the day (zones change offset at most once in days), so plain arithmetic gives
      // what TZDate gives; on the days around a change, TZDate does the work.
      const offsets: number[] = [];
      for (let n = fromDay; n <= toDay + 3; n++) offsets.push(tzOffset(this.cal.timezone, new Date(n * 86_400_000 - 14 * 3_600_000)));
      const out: [number, number][] = [];
      for (let n = fromDay; n <= toDay; n++) {
        const [o0, o1, o2, o3] = offsets.slice(n - fromDay, n - fromDay + 4);
        const steady = o0 === o1 && o1 === o2 && o2 === o3;
        out.push(...intervalsOf(dayOfNumber(n), this.cal, this.holidays, steady ? o0 * MINUTE : undefined));
      }
      return out;
    };
    const left = empty ? fresh(lo, hi) : fresh(lo, this.firstDay - 1);
    const right = empty ? [] : fresh(this.lastDay + 1, hi);
    const all = [...left, ...this.starts.map((s, i): [number, number] => [s, this.ends[i]]), ...right];
    for (let i = 1; i < all.length; i++) if (all[i][0] < all[i - 1][1]) return 'inexact';
    this.starts = all.map((x) => x[0]);
    this.ends = all.map((x) => x[1]);
    this.before = [];
    let sum = 0;
    for (const [s, e] of all) {
      this.before.push(sum);
      sum += e - s;
    }
    this.firstDay = lo;
    this.lastDay = hi;
    const lod = dayOfNumber(lo);
    const after = dayOfNumber(hi + 1);
    this.from = new TZDate(lod.y, lod.m, lod.d, 0, 0, this.cal.timezone).getTime();
    this.to = new TZDate(after.y, after.m, after.d, 0, 0, this.cal.timezone).getTime();
    return 'ok';
  }

  covers(t: number): boolean {
    return this.lastDay >= this.firstDay && t >= this.from && t < this.to;
  }

  /** Open time (ms) of the covered days before instant t. */
  private openBefore(t: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= t) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return i < 0 ? 0 : this.before[i] + Math.min(t, this.ends[i]) - this.starts[i];
  }

  /** Open time (ms) in [a, b], a ≤ b, both covered. */
  openMsBetween(a: number, b: number): number {
    return this.openBefore(b) - this.openBefore(a);
  }

  /**
   * The first instant at which `ms` (> 0) of open time has passed since t (covered), or undefined when
   * the covered days do not hold that much. Ending exactly at a closing time gives the closing time.
   */
  instantAfter(t: number, ms: number): number | undefined {
    const goal = this.openBefore(t) + ms;
    const n = this.starts.length;
    if (n === 0) return undefined;
    // The first interval whose end reaches the goal: before[i] + length(i) ≥ goal.
    let lo = 0;
    let hi = n - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.before[mid] + this.ends[mid] - this.starts[mid] >= goal) {
        i = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return i < 0 ? undefined : this.starts[i] + (goal - this.before[i]);
  }

  /** The local day number after the last covered one. */
  get dayAfterLast(): number {
    return this.lastDay + 1;
  }
}

const indexes = new WeakMap<BusinessCalendar, OpenTimeIndex | null>();

/** The calendar's index, extended to cover a and b; undefined when the index cannot answer exactly. */
function openTimeIndexFor(cal: BusinessCalendar, a: Date, b: Date): OpenTimeIndex | undefined {
  let index = indexes.get(cal);
  if (index === null) return undefined;
  if (!index) indexes.set(cal, (index = new OpenTimeIndex(cal)));
  if (index.covers(a.getTime()) && index.covers(b.getTime())) return index;
  const covered = coverDays(cal, index, dayNumber(localDayOf(a, cal.timezone)), dayNumber(localDayOf(b, cal.timezone)));
  return covered && covered.covers(a.getTime()) && covered.covers(b.getTime()) ? covered : undefined;
}

/** Extends the calendar's index over local days [first, last]; undefined when it cannot (and, if inexact, never will). */
function coverDays(cal: BusinessCalendar, index: OpenTimeIndex, first: number, last: number): OpenTimeIndex | undefined {
  let outcome: ReturnType<OpenTimeIndex['cover']>;
  try {
    outcome = index.cover(first, last);
  } catch {
    outcome = 'inexact'; // e.g. a malformed "HH:mm": let the day-by-day walk report it as it always did
  }
  if (outcome === 'inexact') indexes.set(cal, null);
  return outcome === 'ok' ? index : undefined;
}

/**
 * addBusinessMinutes from the calendar's index: covers the start's day and the month after it, then
 * further months while the goal lies beyond (up to the index's span); undefined when the index cannot
 * answer exactly (overlapping hours, a malformed time, no hours within its span).
 */
function addFromIndex(start: Date, ms: number, cal: BusinessCalendar): number | undefined {
  const t = start.getTime();
  let index = openTimeIndexFor(cal, start, start);
  if (!index) return undefined;
  const first = dayNumber(localDayOf(start, cal.timezone));
  for (let span = 31; ; span *= 2) {
    const found = index.instantAfter(t, ms);
    // Past MAX_DAYS_SCANNED days the walk gives up (a calendar nearly without hours): so does this.
    if (found !== undefined) return found - t < (MAX_DAYS_SCANNED - 2) * 86_400_000 || dayNumber(localDayOf(new Date(found), cal.timezone)) - first < MAX_DAYS_SCANNED ? found : undefined;
    const last = Math.max(first + span, index.dayAfterLast);
    if (last - first + 1 > Math.min(MAX_INDEX_DAYS, MAX_DAYS_SCANNED + 31)) return undefined;
    const outcome = coverDays(cal, index, first, last);
    if (!outcome) return undefined;
    index = outcome;
  }
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
  // Object literals of one shape, not spreads of a shared base: this runs for every row of every inbox
  // page, and a spread cost more than the business-minute arithmetic (2.7 against 0.1 µs).
  const flags = (breached: boolean, atRisk: boolean): SlaFlags => ({
    dueAt: dueAt ? dueAt.toISOString() : null,
    metAt: metAt ? metAt.toISOString() : null,
    breached,
    atRisk,
  });
  if (!dueAt) return flags(false, false);
  if (metAt) return flags(metAt.getTime() > dueAt.getTime(), false);
  if (now.getTime() > dueAt.getTime()) return flags(true, false);
  if (!targetMinutes) return flags(false, false);
  return flags(false, businessMinutesBetween(now, dueAt, cal) <= targetMinutes * atRiskFraction);
}
