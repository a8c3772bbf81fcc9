import type { MeasureKey, MeasureValue } from '../../../shared/metrics.js';
import type { Granularity } from './engine.js';
import { daysBetween } from './days.js';

/** Below this many observations a day on average, a daily series is mostly noise: show weeks. */
export const MIN_DAILY_N = 5;
/** Periods this short stay daily whatever the data (a week of weekly buckets is one point). */
const SHORT_DAYS = 14;

/**
 * The overview's granularity when the caller leaves it to us: days, unless the period is long enough
 * and the measures people read first — CSAT answers and new tickets — average fewer than MIN_DAILY_N a
 * day (a measure without any data in the period does not count). A daily CSAT line through days of one
 * or two answers swings 0 %↔100 % and tells nothing; a week pools them.
 */
export function autoGranularity(from: string, to: string, current: Map<MeasureKey, MeasureValue>): Granularity {
  const days = daysBetween(from, to) + 1;
  if (days <= SHORT_DAYS) return 'day';
  const perDay = (['csat', 'volume'] as MeasureKey[]).map((k) => current.get(k)?.n ?? 0).filter((n) => n > 0).map((n) => n / days);
  return perDay.some((d) => d < MIN_DAILY_N) ? 'week' : 'day';
}
