import type { RetentionFigures } from '../../../../shared/retention.js';

/** One day of a rollup (summed over whatever dimensions were kept). */
export interface DayTotals {
  day: string;
  starts: number;
  ends: number;
  firsts: number;
  seconds: number;
  orders: number;
  revenue: number;
}

const FIELDS = ['starts', 'ends', 'firsts', 'seconds', 'orders', 'revenue'] as const;
type Field = (typeof FIELDS)[number];
const epochDay = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/**
 * Prefix sums over the daily rollup of a workspace's whole history, so that any period's figures come
 * from a few lookups: active at the end of day x = spans started − spans ended up to x (an ended span's
 * end day is the first day the customer is inactive).
 */
export class Timeline {
  private days: number[] = [];
  private cum: Record<Field, number[]> = { starts: [], ends: [], firsts: [], seconds: [], orders: [], revenue: [] };
  /** Σ active(d) over the days before days[i] (customer-days of activity). */
  private activeDaysBefore: number[] = [];

  constructor(rows: DayTotals[]) {
    const merged = new Map<string, DayTotals>();
    for (const r of rows) {
      const m = merged.get(r.day);
      if (!m) merged.set(r.day, { ...r });
      else for (const f of FIELDS) m[f] += r[f];
    }
    const sorted = [...merged.values()].sort((a, b) => a.day.localeCompare(b.day));
    let prevActive = 0;
    let prevDay = 0;
    let acc = 0;
    sorted.forEach((r, i) => {
      const d = epochDay(r.day);
      if (i > 0) acc += prevActive * (d - prevDay);
      this.days.push(d);
      this.activeDaysBefore.push(acc);
      for (const f of FIELDS) this.cum[f].push((this.cum[f][i - 1] ?? 0) + Number(r[f]));
      prevActive = this.cum.starts[i] - this.cum.ends[i];
      prevDay = d;
    });
  }

  /** Index of the last row on or before day x (−1: none). */
  private at(x: number): number {
    let lo = 0;
    let hi = this.days.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.days[mid] <= x) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  private upTo(f: Field, x: number) {
    const i = this.at(x);
    return i < 0 ? 0 : this.cum[f][i];
  }

  private between(f: Field, from: number, to: number) {
    return this.upTo(f, to) - this.upTo(f, from - 1);
  }

  /** Customers active at the end of day x. */
  active(x: number) {
    return this.upTo('starts', x) - this.upTo('ends', x);
  }

  /** Σ over days d ≤ x of active(d). */
  activeDays(x: number) {
    const i = this.at(x);
    if (i < 0) return 0;
    return this.activeDaysBefore[i] + (this.cum.starts[i] - this.cum.ends[i]) * (x - this.days[i] + 1);
  }

  /**
   * The figures of the period [from, to] (PRODUCT §4). `innerEnds`: spans that both began and ended
   * inside the period (only possible when the period is longer than the activity window) — their end
   * is counted in the ends of the period but they were not active at its start.
   */
  figures(fromDay: string, toDay: string, innerEnds = 0): RetentionFigures {
    const from = epochDay(fromDay);
    const to = epochDay(toDay);
    const start = this.active(from - 1);
    const end = this.active(to);
    const fresh = this.between('firsts', from, to);
    const churned = this.between('ends', from, to) - innerEnds;
    const orders = this.between('orders', from, to);
    const revenue = this.between('revenue', from, to);
    // CLV as of `to` (PRODUCT §4: average order value × purchases per customer per year × average
    // lifespan in years). Lifespan: the time a customer has been active (days with their last net
    // order within the window), to date, averaged over every customer with a net order; purchases per
    // customer per year = net orders / customer-years of activity. Their product is the mean net
    // revenue to date per customer — the per-customer CLV averaged — shown with its factors.
    const customers = this.upTo('firsts', to);
    const allOrders = this.upTo('orders', to);
    const allRevenue = this.upTo('revenue', to);
    const years = this.activeDays(to) / 365;
    const avgOrderValue = allOrders > 0 ? allRevenue / allOrders : null;
    const purchasesPerYear = years > 0 && customers > 0 ? allOrders / customers / (years / customers) : null;
    const lifespanYears = customers > 0 ? years / customers : null;
    return {
      from: fromDay,
      to: toDay,
      start,
      end,
      new: fresh,
      churned,
      crr: start > 0 ? ((end - fresh) / start) * 100 : null,
      churnRate: start > 0 ? (churned / start) * 100 : null,
      orders,
      revenue,
      aov: orders > 0 ? revenue / orders : null,
      customers,
      repeatRate: customers > 0 ? (this.upTo('seconds', to) / customers) * 100 : null,
      avgOrderValue,
      purchasesPerYear,
      lifespanYears,
      avgClv: avgOrderValue !== null && purchasesPerYear !== null && lifespanYears !== null ? avgOrderValue * purchasesPerYear * lifespanYears : null,
    };
  }
}

/** Spans ending in [from, to] that began on or after `from` (from end rows: end day, span start, count). */
export function innerEnds(ends: { day: string; span_start: string; n: number }[], from: string, to: string): number {
  return ends.reduce((s, e) => s + (e.day >= from && e.day <= to && e.span_start >= from ? Number(e.n) : 0), 0);
}
