import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { OrdersFixture } from '../../../test/fixtures/orders.js';
import { OverviewSchema } from '../../../../shared/metrics.js';
import { RetentionReportSchema, ServiceValueSchema } from '../../../../shared/retention.js';
import { rebuildWorkspace } from '../refresh.js';
import { rebuildRetention } from './refresh.js';

/**
 * A saved segment as a report filter (segmentId): the service dashboards and the retention reports
 * compute over its current members only. Three buyers in March; the segment "big spenders" (total
 * spent ≥ 5M) holds A and C; B is outside. Each has one ticket answered after 10 min (A), 2 h (B), 30 min (C).
 */
let t: TestApp;
let ws: SeededWorkspace;
const id: Record<string, string> = {};
let segmentId: string;
const L = (d: string, h = 10) => new Date(`${d}T${String(h).padStart(2, '0')}:00:00+07:00`);

beforeAll(async () => {
  t = await createTestApp();
  ws = await seedWorkspace(t);
  const f = new OrdersFixture(t.ctx.db, ws.workspaceId);
  id.A = await f.customer({ name: 'A' });
  id.B = await f.customer({ name: 'B' });
  id.C = await f.customer({ name: 'C' });
  await f.order(id.A, { at: L('2026-03-02'), total: 3_000_000 });
  await f.order(id.A, { at: L('2026-03-10'), total: 3_000_000 });
  await f.order(id.B, { at: L('2026-03-05'), total: 1_000_000 });
  await f.order(id.C, { at: L('2026-03-20'), total: 5_000_000 });
  await f.ticket(id.A, { channel: 'zalo', at: L('2026-03-03'), replyAfterSeconds: 600 });
  await f.ticket(id.B, { channel: 'email', at: L('2026-03-06'), replyAfterSeconds: 7200 });
  await f.ticket(id.C, { channel: 'zalo', at: L('2026-03-21'), replyAfterSeconds: 1800 });
  await rebuildWorkspace(t.ctx.db, ws.workspaceId);
  await rebuildRetention(t.ctx.db, ws.workspaceId);
  const res = await t.app.inject({
    method: 'POST', url: '/api/segments', headers: { cookie: ws.admin.cookie },
    payload: { name: 'Khách chi nhiều', rule: { match: 'all', rules: [{ field: 'total_spent', op: 'gte', value: 5_000_000 }] } },
  });
  expect(res.statusCode, res.body).toBe(201);
  segmentId = res.json().segment.id;
});
afterAll(() => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: ws.admin.cookie } });
const P = 'from=2026-03-01&to=2026-03-31';

describe('a segment as a report filter', () => {
  it('retention: CRR, churn, orders and revenue of the segment\'s members only', async () => {
    const all = RetentionReportSchema.parse((await get(`/api/metrics/retention?${P}`)).json()).current;
    expect(all).toMatchObject({ new: 3, end: 3, orders: 4, revenue: 12_000_000 });
    const res = await get(`/api/metrics/retention?${P}&segmentId=${segmentId}`);
    expect(res.statusCode, res.body).toBe(200);
    const seg = RetentionReportSchema.parse(res.json());
    expect(seg.current).toMatchObject({ new: 2, end: 2, orders: 3, revenue: 11_000_000, customers: 2, repeatRate: 50 });
    expect(seg.series.reduce((s, b) => s + b.orders, 0)).toBe(3);
    // The CSV follows the same filter.
    const csv = await get(`/api/metrics/retention.csv?${P}&segmentId=${segmentId}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('11000000');
  });

  it('service ↔ value of the segment', async () => {
    const res = await get(`/api/metrics/retention/service?${P}&segmentId=${segmentId}`);
    expect(res.statusCode, res.body).toBe(200);
    const sv = ServiceValueSchema.parse(res.json());
    // A (10 min) and C (30 min) were answered within the hour; B (2 h) is not a member.
    expect(sv.byFrt.find((r) => r.key === 'lt1h')).toMatchObject({ customers: 2 });
    expect(sv.byFrt.find((r) => r.key === '1to4h')).toMatchObject({ customers: 0 });
  });

  it('service dashboards: the members\' tickets only', async () => {
    const all = OverviewSchema.parse((await get(`/api/metrics/overview?${P}`)).json());
    const segRes = await get(`/api/metrics/overview?${P}&segmentId=${segmentId}`);
    expect(segRes.statusCode, segRes.body).toBe(200);
    const seg = OverviewSchema.parse(segRes.json());
    const kpi = (o: typeof all, m: string) => o.kpis.find((k) => k.measure === m)!.current;
    expect(kpi(all, 'volume').value).toBe(3);
    expect(kpi(seg, 'volume').value).toBe(2);
    expect(kpi(seg, 'frt').n).toBe(2);
    expect(kpi(seg, 'frt').value).toBe(1200); // mean of 600 s and 1800 s
    const byChannel = await get(`/api/metrics/measures/volume?${P}&by=channel&segmentId=${segmentId}`);
    expect(byChannel.statusCode, byChannel.body).toBe(200);
    expect(byChannel.json().rows.map((r: { key: string; current: { value: number } }) => [r.key, r.current.value])).toEqual([['zalo', 2]]);
  });

  it('an unknown segment → 404; not a uuid → 400', async () => {
    expect((await get(`/api/metrics/retention?${P}&segmentId=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await get(`/api/metrics/overview?${P}&segmentId=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await get(`/api/metrics/overview?${P}&segmentId=x`)).statusCode).toBe(400);
  });
});
