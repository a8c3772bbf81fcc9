import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { OrdersFixture } from '../../../test/fixtures/orders.js';
import { AtRiskPageSchema, CustomerValueSchema, RetentionReportSchema, ServiceValueSchema } from '../../../../shared/retention.js';
import { atRisk } from './at-risk.js';

/**
 * Hand-computed retention figures (PRODUCT §4). Zone Asia/Ho_Chi_Minh, activity window 30 days (set
 * through the API, which rebuilds): a net order on day d keeps the customer active through d + 29, so
 * their span is [d, d + 30) and its end day is the first inactive day. Period P = 2026-03-01 … 03-31
 * (31 days, longer than the window: a span can begin and end inside it); previous period 01-29 … 02-28.
 * Orders at 10:00 local. Net = not cancelled/returned, not a quote.
 *
 *   A email, vip : 01-10 1.0M, 02-15 2.0M, 03-20 0.5M  → spans [01-10,02-09) [02-15,03-17) [03-20,04-19)
 *   B zalo,  vip : 02-20 3.0M, 03-05 4.0M cancelled    → [02-20,03-22)
 *   C webchat    : 03-03 1.5M, 03-10 1.5M              → [03-03,04-09)  (03-10 ≤ 04-02 extends it)
 *   D email      : 03-01 0.6M, 03-05 0.9M returned     → [03-01,03-31)  (begins and ends inside P)
 *   E phone, vip : 2025-12-01 5.0M                     → [12-01,12-31)
 *   F (no ticket): 01-25 2.0M, 03-29 10M quote         → [01-25,02-24)  channel 'unknown'
 *   G zalo       : 02-05 1.0M, 03-06 1.0M, 03-28 cancelled → [02-05,04-05) (03-06 ≤ 03-07 extends it)
 */
const L = (local: string) => new Date(`${local}T10:00:00+07:00`);
const M = 1_000_000;
let t: TestApp;
let ws: SeededWorkspace;
const id: Record<string, string> = {};
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: ws.admin.cookie } });

beforeAll(async () => {
  t = await createTestApp();
  ws = await seedWorkspace(t);
  const f = new OrdersFixture(t.ctx.db, ws.workspaceId);
  id.A = await f.customer({ segment: 'vip' });
  id.B = await f.customer({ segment: 'vip' });
  id.C = await f.customer();
  id.D = await f.customer();
  id.E = await f.customer({ segment: 'vip' });
  id.F = await f.customer();
  id.G = await f.customer();
  // First tickets (channel of acquisition) with their first reply (FRT bands).
  await f.ticket(id.A, { channel: 'email', at: L('2026-01-01'), replyAfterSeconds: 1800 }); // lt1h
  await f.ticket(id.B, { channel: 'zalo', at: L('2026-01-01'), replyAfterSeconds: 7200 }); // 1to4h
  await f.ticket(id.C, { channel: 'webchat', at: L('2026-01-01') }); // no reply: none
  await f.ticket(id.D, { channel: 'email', at: L('2026-01-01'), replyAfterSeconds: 90_000 }); // gt24h
  await f.ticket(id.E, { channel: 'phone', at: L('2026-01-01'), replyAfterSeconds: 600 }); // lt1h
  await f.ticket(id.G, { channel: 'zalo', at: L('2026-01-01'), replyAfterSeconds: 18_000 }); // 4to24h
  // C's open complaint (category "Khiếu nại"), unanswered.
  await f.ticket(id.C, { channel: 'webchat', at: L('2026-03-25'), status: 'received', category: 'Khiếu nại' });
  // Latest CSAT: A 2 (an older 5 does not count) → low; B 5 → high; C 3 → mid; the rest none.
  await f.csat(id.A, 5, L('2026-01-15'));
  await f.csat(id.A, 2, L('2026-03-18'));
  await f.csat(id.B, 5, L('2026-02-25'));
  await f.csat(id.C, 3, L('2026-03-12'));
  const o = (c: string, day: string, total: number, extra: { status?: string; kind?: string; lostAt?: Date } = {}) => f.order(id[c], { at: L(day), total, ...extra });
  await o('A', '2026-01-10', 1 * M);
  await o('A', '2026-02-15', 2 * M);
  await o('A', '2026-03-20', 0.5 * M);
  await o('B', '2026-02-20', 3 * M);
  await o('B', '2026-03-05', 4 * M, { status: 'cancelled' });
  await o('C', '2026-03-03', 1.5 * M);
  await o('C', '2026-03-10', 1.5 * M);
  await o('D', '2026-03-01', 0.6 * M);
  await o('D', '2026-03-05', 0.9 * M, { status: 'returned' });
  await o('E', '2025-12-01', 5 * M);
  await o('F', '2026-01-25', 2 * M);
  await o('F', '2026-03-29', 10 * M, { kind: 'quote', status: 'quote' });
  await o('G', '2026-02-05', 1 * M);
  await o('G', '2026-03-06', 1 * M);
  await o('G', '2026-03-28', 0.7 * M, { status: 'cancelled', lostAt: L('2026-03-29') });
  await t.ctx.db.query(`UPDATE workspaces SET timezone = 'Asia/Ho_Chi_Minh' WHERE id = $1`, [ws.workspaceId]);
  const res = await t.app.inject({ method: 'PUT', url: '/api/metrics/retention/settings', headers: { cookie: ws.admin.cookie }, payload: { activityWindowDays: 30 } });
  expect(res.statusCode).toBe(200);
});
afterAll(() => t?.close());

describe('retention figures by hand', () => {
  it('CRR, churn, orders and CLV of the period and of the previous one', async () => {
    const res = await get('/api/metrics/retention?from=2026-03-01&to=2026-03-31&granularity=month');
    expect(res.statusCode).toBe(200);
    const r = RetentionReportSchema.parse(res.json());
    expect(r.activityWindowDays).toBe(30);
    const c = r.current;
    // S (active at the end of 02-28): A [02-15,03-17), B [02-20,03-22), G [02-05,04-05) → 3 (F ended 02-24).
    expect(c.start).toBe(3);
    // E (active at the end of 03-31): A [03-20,…), C [03-03,04-09), G → 3 (B ended 03-22, D 03-31).
    expect(c.end).toBe(3);
    // N: first net order in March: C (03-03), D (03-01) → 2.
    expect(c.new).toBe(2);
    // CRR = (E − N)/S × 100 = (3 − 2)/3 × 100 = 33.33…
    expect(c.crr).toBeCloseTo(100 / 3, 9);
    // Churned: of S, A (inactive from 03-17) and B (from 03-22); D's span ended 03-31 but D was not
    // active at the start → 2; churn = 2/3 × 100.
    expect(c.churned).toBe(2);
    expect(c.churnRate).toBeCloseTo(200 / 3, 9);
    // Net orders in March: A 0.5 + C 1.5 + C 1.5 + D 0.6 + G 1.0 = 5 orders, 5.1M; AOV 1.02M.
    expect(c.orders).toBe(5);
    expect(c.revenue).toBe(5.1 * M);
    expect(c.aov).toBe(1.02 * M);
    // To 03-31: 7 customers with a net order, 11 net orders, 19.1M (A 3.5 + B 3 + C 3 + D 0.6 + E 5 + F 2 + G 2).
    expect(c.customers).toBe(7);
    // Repeat: A, C, G have ≥ 2 net orders → 3/7.
    expect(c.repeatRate).toBeCloseTo(300 / 7, 9);
    expect(c.avgOrderValue).toBeCloseTo((19.1 * M) / 11, 6);
    // Customer-days active to 03-31: A 30+30+12, B 30, C 29, D 30, E 30, F 30, G 24+31 = 276.
    // Lifespan = 276/365/7 years; purchases/customer/year = 11/(276/365); their product with AOV = 19.1M/7.
    expect(c.lifespanYears).toBeCloseTo(276 / 365 / 7, 9);
    expect(c.purchasesPerYear).toBeCloseTo(11 / (276 / 365), 9);
    expect(c.avgClv).toBeCloseTo((19.1 * M) / 7, 4);

    // Previous 01-29 … 02-28: S = A, F (2); E = A, B, G (3); N = B, G (2) → CRR (3 − 2)/2 = 50 %;
    // churned: A (inactive 02-09 … 02-14, then back) and F (from 02-24) → 2/2 = 100 %.
    expect(r.previous).toMatchObject({ from: '2026-01-29', to: '2026-02-28', start: 2, end: 3, new: 2, churned: 2, crr: 50, churnRate: 100 });
    // A month bucket over the whole period is the period.
    expect(r.series).toHaveLength(1);
    expect(r.series[0]).toMatchObject({ bucket: '2026-03-01', start: 3, end: 3, new: 2, churned: 2 });
  });

  it('by channel of acquisition and by segment, and the filters', async () => {
    const r = RetentionReportSchema.parse((await get('/api/metrics/retention?from=2026-03-01&to=2026-03-31')).json());
    const ch = Object.fromEntries(r.byChannel.map((x) => [x.key, x]));
    // email: A, D. S = A; E = A; N = D → CRR (1 − 1)/1 = 0; churned A → 100 %.
    expect(ch.email).toMatchObject({ start: 1, end: 1, new: 1, churned: 1, crr: 0, churnRate: 100, customers: 2 });
    // zalo: B, G. S = B, G; E = G; N = 0 → CRR 50 %; churned B → 50 %.
    expect(ch.zalo).toMatchObject({ start: 2, end: 1, new: 0, churned: 1, crr: 50, churnRate: 50 });
    expect(ch.unknown).toMatchObject({ start: 0, end: 0, customers: 1, crr: null }); // F
    // vip: A, B, E. S = A, B; E = A; N 0 → 50 %; churned A, B → 100 %.
    const seg = Object.fromEntries(r.bySegment.map((x) => [x.key, x]));
    expect(seg.vip).toMatchObject({ start: 2, end: 1, new: 0, churned: 2, crr: 50, churnRate: 100 });
    const vipOnly = RetentionReportSchema.parse((await get('/api/metrics/retention?from=2026-03-01&to=2026-03-31&segment=vip')).json());
    expect(vipOnly.current).toMatchObject({ start: 2, end: 1, new: 0, churned: 2 });
    const weeks = RetentionReportSchema.parse((await get('/api/metrics/retention?from=2026-03-01&to=2026-03-31&granularity=week&channel=zalo')).json());
    // Weeks from Monday 02-23 (clipped to 03-01) … 03-30; B leaves on 03-22, in the week of 03-16 … 03-22.
    expect(weeks.series.map((s) => s.bucket)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
    expect(weeks.series[3]).toMatchObject({ from: '2026-03-16', to: '2026-03-22', start: 2, end: 1, churned: 1 });
  });

  it('CSV of the report', async () => {
    const res = await get('/api/metrics/retention.csv?from=2026-03-01&to=2026-03-31&granularity=month');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toContain('crr_pct');
    expect(lines[1]).toBe('period,,2026-03-01,2026-03-31,3,3,2,2,33.33,66.67,5,5100000,1020000,7,42.86,1736363.64,14.55,0.11,2728571.43');
  });

  it('service ↔ value: by last CSAT and FRT band', async () => {
    const res = await get('/api/metrics/retention/service?from=2026-03-01&to=2026-03-31');
    const s = ServiceValueSchema.parse(res.json());
    const csat = Object.fromEntries(s.byCsat.map((x) => [x.key, x]));
    // low: A → S 1, E 1, churned 1 (03-17), repeat 1/1.
    expect(csat.low).toMatchObject({ start: 1, end: 1, new: 0, churned: 1, crr: 100, churnRate: 100, repeatRate: 100 });
    // high: B → S 1, E 0, churned 1; mid: C → new, active at the end, S 0.
    expect(csat.high).toMatchObject({ start: 1, end: 0, churned: 1, crr: 0, churnRate: 100, repeatRate: 0 });
    expect(csat.mid).toMatchObject({ start: 0, end: 1, new: 1, crr: null });
    // none: D, E, F, G → S = G; E = G; N = D → CRR 0; nobody churned.
    expect(csat.none).toMatchObject({ start: 1, end: 1, new: 1, churned: 0, crr: 0, churnRate: 0, customers: 4 });
    const frt = Object.fromEntries(s.byFrt.map((x) => [x.key, x]));
    expect(frt.lt1h).toMatchObject({ start: 1, end: 1, churned: 1, customers: 2 }); // A, E
    expect(frt['1to4h']).toMatchObject({ start: 1, end: 0, churned: 1 }); // B
    expect(frt['4to24h']).toMatchObject({ start: 1, end: 1, churned: 0 }); // G
    expect(frt.gt24h).toMatchObject({ start: 0, end: 0, new: 1 }); // D
    const csv = await get('/api/metrics/retention/service.csv?from=2026-03-01&to=2026-03-31');
    expect(csv.body).toContain('last_csat,low,2026-03-01,2026-03-31,1,1,0,1,100,100');
  });

  it("a customer's value on the profile", async () => {
    const a = CustomerValueSchema.parse((await get(`/api/customers/${id.A}/value`)).json());
    expect(a).toMatchObject({ clv: 3.5 * M, orders: 3, lostOrders: 0, firstOrderAt: L('2026-01-10').toISOString(), lastOrderAt: L('2026-03-20').toISOString(), activityWindowDays: 30 });
    expect(a.activeUntil).toBe('2026-04-18'); // 03-20 + 29
    const b = CustomerValueSchema.parse((await get(`/api/customers/${id.B}/value`)).json());
    expect(b).toMatchObject({ clv: 3 * M, orders: 1, lostOrders: 1 }); // the cancelled 4M gives nothing
    expect((await get(`/api/customers/00000000-0000-4000-8000-000000000000/value`)).statusCode).toBe(404);
  });

  it('customers at risk, with their reasons', async () => {
    // On 03-31 12:00 the active customers are A, C, G (last net order after 03-01 12:00).
    // C: usual gap 7 days, 21 days since → overdue; open complaint. A: latest CSAT 2. G: order cancelled 03-29.
    // A's gap median (36, 33) = 34.5 > 11 days since; G's 29 > 25.
    const page = await atRisk(t.ctx.db, ws.workspaceId, { page: 1, pageSize: 10 }, new Date('2026-03-31T12:00:00+07:00'));
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => [r.customerId, r.reasons])).toEqual([
      [id.C, ['overdue', 'open_complaint']],
      [id.A, ['low_score']],
      [id.G, ['lost_order']],
    ]);
    expect(page.rows[0]).toMatchObject({ usualGapDays: 7, daysSinceLastOrder: 21, clv: 3 * M, orders: 2, lastCsat: 3 });
    const only = await atRisk(t.ctx.db, ws.workspaceId, { page: 1, pageSize: 10, reason: 'low_score' }, new Date('2026-03-31T12:00:00+07:00'));
    expect(only.rows.map((r) => r.customerId)).toEqual([id.A]);
    // Today (long after March with a 30-day window) nobody is active: the API's list is empty.
    const api = AtRiskPageSchema.parse((await get('/api/metrics/retention/at-risk?page=1&pageSize=5')).json());
    expect(api.total).toBe(0);
  });
});
