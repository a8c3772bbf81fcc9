import { addDays, dayIn } from '../days.js';
import type { CsatBand, FrtBand } from '../../../../shared/retention.js';
import { isNetOrder } from '../../orders/index.js';

/**
 * What counts as a purchase (net revenue, activity, CLV) is the orders area's one definition
 * (orders/net-revenue.ts): orders and contracts past draft and not cancelled or returned; a cancelled
 * or returned order gives its whole total back and no longer keeps its customer active.
 */
export const LOST_STATUSES = ['cancelled', 'returned'] as const;

export interface OrderInput {
  id: string;
  kind: string;
  status: string;
  total: number;
  ordered_at: Date;
  /** When a cancelled/returned order became so (its status change), if known. */
  lost_at?: Date | null;
}

export interface CustomerDims {
  channel: string;
  segment: string;
  csat_band: CsatBand;
  frt_band: FrtBand;
}

/** One contribution row (retention_samples); several may share a day. */
export interface RetentionSample extends CustomerDims {
  day: string;
  starts: number;
  ends: number;
  firsts: number;
  seconds: number;
  orders: number;
  revenue: number;
  span_start: string | null;
}

export interface CustomerSummary {
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  orders: number;
  netRevenue: number;
  medianGapDays: number | null;
  lastLostOrderAt: Date | null;
}

export const isNet = (o: Pick<OrderInput, 'kind' | 'status'>) => isNetOrder(o);
export const isLost = (o: Pick<OrderInput, 'status'>) => (LOST_STATUSES as readonly string[]).includes(o.status);

export const csatBand = (score: number | null): CsatBand => (score === null ? 'none' : score <= 2 ? 'low' : score === 3 ? 'mid' : 'high');
export function frtBand(seconds: number | null): FrtBand {
  if (seconds === null) return 'none';
  if (seconds < 3600) return 'lt1h';
  if (seconds < 4 * 3600) return '1to4h';
  if (seconds < 24 * 3600) return '4to24h';
  return 'gt24h';
}

/**
 * Activity spans in workspace-local days: a net order on day d keeps the customer active through the
 * end of day d + window − 1 (their last order is within the window), so a span is [start, end) with
 * end = last order day of the span + window. An order on or before the running end extends the span
 * (at the end of every day in between the customer was active), a later one starts a new span.
 */
export function activitySpans(orderDays: string[], windowDays: number): { start: string; end: string }[] {
  const days = [...new Set(orderDays)].sort();
  const spans: { start: string; end: string }[] = [];
  for (const d of days) {
    const cur = spans[spans.length - 1];
    if (cur && d <= cur.end) cur.end = addDays(d, windowDays);
    else spans.push({ start: d, end: addDays(d, windowDays) });
  }
  return spans;
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A customer's contributions to the retention rollups and their summary row, from all their orders. */
export function customerContributions(orders: OrderInput[], dims: CustomerDims, timeZone: string, windowDays: number): { samples: RetentionSample[]; summary: CustomerSummary } {
  const net = orders.filter(isNet).sort((a, b) => a.ordered_at.getTime() - b.ordered_at.getTime() || a.id.localeCompare(b.id));
  const lost = orders.filter(isLost);
  const samples: RetentionSample[] = [];
  const row = (day: string, v: Partial<RetentionSample>) =>
    samples.push({ ...dims, day, starts: 0, ends: 0, firsts: 0, seconds: 0, orders: 0, revenue: 0, span_start: null, ...v });

  const byDay = new Map<string, { orders: number; revenue: number }>();
  for (const o of net) {
    const d = dayIn(o.ordered_at, timeZone);
    const cur = byDay.get(d) ?? { orders: 0, revenue: 0 };
    cur.orders += 1;
    cur.revenue += Number(o.total);
    byDay.set(d, cur);
  }
  for (const [day, v] of byDay) row(day, v);
  if (net[0]) row(dayIn(net[0].ordered_at, timeZone), { firsts: 1 });
  if (net[1]) row(dayIn(net[1].ordered_at, timeZone), { seconds: 1 });
  for (const s of activitySpans([...byDay.keys()], windowDays)) {
    row(s.start, { starts: 1 });
    row(s.end, { ends: 1, span_start: s.start });
  }

  const gaps = net.slice(1).map((o, i) => (o.ordered_at.getTime() - net[i].ordered_at.getTime()) / 86_400_000);
  const lastLost = lost.map((o) => o.lost_at ?? o.ordered_at).reduce<Date | null>((m, at) => (m && m >= at ? m : at), null);
  return {
    samples,
    summary: {
      firstOrderAt: net[0]?.ordered_at ?? null,
      lastOrderAt: net[net.length - 1]?.ordered_at ?? null,
      orders: net.length,
      netRevenue: net.reduce((s, o) => s + Number(o.total), 0),
      medianGapDays: median(gaps),
      lastLostOrderAt: lastLost,
    },
  };
}
