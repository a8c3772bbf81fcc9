import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { OrdersFixture } from '../../../test/fixtures/orders.js';
import { addDays, dayIn } from '../days.js';
import type { RetentionFigures } from '../../../../shared/retention.js';
import { rebuildRetention, refreshCustomers } from './refresh.js';
import { retentionReport, serviceValue } from './report.js';

/**
 * Property: for random customers and orders (every status and kind, several a day, across time-zone
 * midnights), random activity windows and periods, the figures read from the rollups — maintained
 * customer by customer in random batches, with orders changing status between refreshes, or rebuilt
 * whole — equal a direct computation over the raw orders, day by day, written from PRODUCT §4 alone:
 * active at the end of day x ⇔ some net order on a day d ≤ x with x − d < window.
 */
const TZ = 'Asia/Ho_Chi_Minh';
const BASE = Date.parse('2026-01-01T00:00:00+07:00');
const HOUR = 3_600_000;
const CHANNELS = ['email', 'zalo'] as const;
const SEGMENTS = [null, 'vip'] as const;
const STATUSES = ['completed', 'delivered', 'paid', 'confirmed', 'shipping', 'cancelled', 'returned', 'draft'] as const;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const orderArb = fc.record({ atHour: fc.integer({ min: 0, max: 150 * 24 }), total: fc.integer({ min: 0, max: 5_000_000 }), status: pick(STATUSES), quote: fc.boolean(), later: fc.option(pick(STATUSES), { nil: undefined, freq: 4 }) });
const customerArb = fc.record({ channel: fc.option(pick(CHANNELS), { nil: undefined, freq: 5 }), segment: pick(SEGMENTS), csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), orders: fc.array(orderArb, { maxLength: 6 }) });
const periodArb = fc.record({ from: fc.integer({ min: 0, max: 160 }), len: fc.integer({ min: 0, max: 70 }), channel: fc.option(pick([...CHANNELS, 'unknown']), { nil: undefined, freq: 3 }), segment: fc.option(pick(['', 'vip']), { nil: undefined, freq: 3 }) });
const datasetArb = fc.record({
  window: fc.integer({ min: 7, max: 60 }),
  customers: fc.array(customerArb, { minLength: 1, maxLength: 8 }),
  periods: fc.array(periodArb, { minLength: 2, maxLength: 4 }),
  batches: fc.integer({ min: 1, max: 3 }),
  rebuild: fc.boolean(),
});

interface Cust { channel: string; segment: string; csat: number | null; orders: { day: string; total: number; net: boolean }[] }

/** The figures, computed directly day by day. */
function direct(cs: Cust[], W: number, from: string, to: string): Omit<RetentionFigures, 'avgOrderValue' | 'purchasesPerYear' | 'lifespanYears'> {
  const netDays = (c: Cust) => c.orders.filter((o) => o.net).map((o) => o.day).sort();
  const active = (c: Cust, x: string) => netDays(c).some((d) => d <= x && addDays(d, W) > x);
  const before = addDays(from, -1);
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const S = cs.filter((c) => active(c, before));
  const E = cs.filter((c) => active(c, to)).length;
  const N = cs.filter((c) => netDays(c)[0] !== undefined && netDays(c)[0] >= from && netDays(c)[0] <= to).length;
  const churned = S.filter((c) => days.some((d) => !active(c, d))).length;
  const inP = cs.flatMap((c) => c.orders.filter((o) => o.net && o.day >= from && o.day <= to));
  const toDate = cs.flatMap((c) => c.orders.filter((o) => o.net && o.day <= to));
  const customers = cs.filter((c) => netDays(c)[0] !== undefined && netDays(c)[0] <= to).length;
  const repeat = cs.filter((c) => netDays(c).length >= 2 && netDays(c)[1] <= to).length;
  const revenue = inP.reduce((s, o) => s + o.total, 0);
  const revenueToDate = toDate.reduce((s, o) => s + o.total, 0);
  return {
    from, to, start: S.length, end: E, new: N, churned,
    crr: S.length ? ((E - N) / S.length) * 100 : null,
    churnRate: S.length ? (churned / S.length) * 100 : null,
    orders: inP.length, revenue, aov: inP.length ? revenue / inP.length : null,
    customers, repeatRate: customers ? (repeat / customers) * 100 : null,
    avgClv: customers ? revenueToDate / customers : null,
  };
}

function expectFigures(got: RetentionFigures, want: ReturnType<typeof direct>) {
  const { crr, churnRate, aov, repeatRate, avgClv, ...exact } = want;
  expect(got).toMatchObject(exact);
  for (const [k, v] of Object.entries({ crr, churnRate, aov, repeatRate, avgClv })) {
    const g = got[k as keyof RetentionFigures] as number | null;
    if (v === null) expect(g, k).toBeNull();
    else expect(g, k).toBeCloseTo(v, 4);
  }
}

describe('retention rollups against a direct computation', () => {
  it('for random orders, windows and periods', async () => {
    await fc.assert(
      fc.asyncProperty(datasetArb, async (data) => {
        const db = t.ctx.db;
        const ws = randomUUID();
        await db.query(`INSERT INTO workspaces (id, name, timezone, activity_window_days) VALUES ($1, 'P', $2, $3)`, [ws, TZ, data.window]);
        const f = new OrdersFixture(db, ws);
        const cs: Cust[] = [];
        const ids: string[] = [];
        const later: { orderId: string; status: string; c: Cust; i: number }[] = [];
        for (const c of data.customers) {
          const id = await f.customer({ segment: c.segment });
          ids.push(id);
          if (c.channel) await f.ticket(id, { channel: c.channel, at: new Date(BASE - 24 * HOUR) });
          if (c.csat !== undefined) await f.csat(id, c.csat, new Date(BASE));
          const cust: Cust = { channel: c.channel ?? 'unknown', segment: c.segment ?? '', csat: c.csat ?? null, orders: [] };
          for (const o of c.orders) {
            const at = new Date(BASE + o.atHour * HOUR);
            const orderId = await f.order(id, { at, total: o.total, status: o.status, kind: o.quote ? 'quote' : 'order' });
            cust.orders.push({ day: dayIn(at, TZ), total: o.total, net: !o.quote && !['cancelled', 'returned', 'draft'].includes(o.status) });
            if (o.later) later.push({ orderId, status: o.later, c: cust, i: cust.orders.length - 1 });
          }
          cs.push(cust);
        }
        const refreshInBatches = async () => {
          const size = Math.ceil(ids.length / data.batches);
          for (let i = 0; i < ids.length; i += size) await refreshCustomers(db, ws, ids.slice(i, i + size));
        };
        await refreshInBatches();
        // Orders change status after they were counted; their customers are refreshed again (or all rebuilt).
        for (const l of later) {
          await f.setStatus(l.orderId, l.status);
          const quote = data.customers[cs.indexOf(l.c)].orders[l.i].quote;
          l.c.orders[l.i].net = !quote && !['cancelled', 'returned', 'draft'].includes(l.status);
        }
        if (data.rebuild) await rebuildRetention(db, ws);
        else await refreshInBatches();

        for (const p of data.periods) {
          const from = addDays('2026-01-01', p.from);
          const to = addDays(from, p.len);
          const r = await retentionReport(db, ws, { from, to, granularity: 'week', channel: p.channel, segment: p.segment });
          const mine = cs.filter((c) => (p.channel === undefined || c.channel === p.channel) && (p.segment === undefined || c.segment === p.segment));
          expectFigures(r.current, direct(mine, data.window, from, to));
          for (const b of r.series) expectFigures(b, direct(mine, data.window, b.from, b.to));
          for (const row of r.byChannel) expectFigures(row, direct(cs.filter((c) => c.channel === row.key && (p.segment === undefined || c.segment === p.segment)), data.window, from, to));
          const sv = await serviceValue(db, ws, { from, to });
          const band = (s: number | null) => (s === null ? 'none' : s <= 2 ? 'low' : s === 3 ? 'mid' : 'high');
          for (const row of sv.byCsat) expectFigures(row, direct(cs.filter((c) => band(c.csat) === row.key), data.window, from, to));
        }
      }),
      { numRuns: Number(process.env.RETENTION_PROPERTY_RUNS ?? 12), endOnFailure: true },
    );
  }, 600_000);
});
