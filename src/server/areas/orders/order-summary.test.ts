import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { reactionsSettled } from '../../core/events/reactions.js';
import type { CustomerOrders, OrderUpsert, OrderUpsertResult } from '../../../shared/orders.js';
import { RetentionReportSchema } from '../../../shared/retention.js';

/**
 * customer_order_summary (migration 087) kept by the orders commands in their transaction — the PUT
 * route, the CSV import's set-based path — and after merges; what segments, lifetime value and the
 * CLV card read. Net revenue: orders and contracts confirmed → completed, totals after discount;
 * quotes, drafts, cancelled and returned orders give nothing.
 */
let t: TestApp;
let ws: SeededWorkspace;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  ws = await seedWorkspace(t);
  token = await seedToken(t, ws.admin.cookie);
});
afterAll(() => t?.close());

const put = async (code: string, body: OrderUpsert) => {
  const res = await t.app.inject({ method: 'PUT', url: `/api/orders/shop/${code}`, headers: { authorization: `Bearer ${token}` }, payload: body });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<OrderUpsertResult>().order;
};
const get = async <T>(url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: ws.admin.cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
const count = async (rule: unknown) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/segments/preview', headers: { cookie: ws.admin.cookie }, payload: { rule } });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json<{ items: { id: string }[] }>().items).map((i) => i.id).sort();
};
const summary = (customerId: string) =>
  t.ctx.db.maybeOne<Record<string, unknown>>(
    `SELECT orders, net_revenue::float8 AS net_revenue, open_orders, in_sale_orders, delivered_orders, lost_orders, all_orders,
            to_char(last_order_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS last_order
     FROM customer_order_summary WHERE workspace_id = $1 AND customer_id = $2`,
    [ws.workspaceId, customerId],
  );
const all = (...rules: unknown[]) => ({ match: 'all', rules });

describe('customer order summary', () => {
  let hoa: string;

  it('follows each order written through the API: net revenue after discount; quotes and cancellations give nothing', async () => {
    const customer = { phone: '0912 000 111', name: 'Chị Hoa' };
    const a = await put('S1', { status: 'confirmed', customer, orderedAt: '2026-03-01T03:00:00Z', discount: 100_000, items: [{ sku: 'TV', name: 'Tivi', quantity: 1, unitPrice: 5_000_000 }] });
    hoa = a.customerId!;
    expect(await summary(hoa)).toMatchObject({ orders: 1, net_revenue: 4_900_000, open_orders: 1, in_sale_orders: 1, delivered_orders: 0, all_orders: 1 });
    await put('S2', { kind: 'quote', status: 'quote', customer, orderedAt: '2026-03-02T03:00:00Z', total: 9_000_000 });
    await put('S3', { status: 'cancelled', customer, orderedAt: '2026-03-03T03:00:00Z', total: 2_000_000 });
    expect(await summary(hoa)).toMatchObject({ orders: 1, net_revenue: 4_900_000, open_orders: 2, lost_orders: 1, all_orders: 3, last_order: '2026-03-01' });
    // The profile's lifetime value is the same figure.
    expect((await get<CustomerOrders>(`/api/customers/${hoa}/orders`))).toMatchObject({ lifetimeValue: 4_900_000, revenueOrderCount: 1, orderCount: 3 });

    // In-sale while the order moves; post-sale once delivered (the journey's own stage definition).
    expect(await count(all({ field: 'journey_stage', op: 'in', values: ['in_sale'] }))).toEqual([hoa]);
    await put('S1', { status: 'delivered', customer, orderedAt: '2026-03-01T03:00:00Z', deliveredAt: '2026-03-04T03:00:00Z', discount: 100_000, items: [{ sku: 'TV', name: 'Tivi', quantity: 1, unitPrice: 5_000_000 }] });
    expect(await summary(hoa)).toMatchObject({ in_sale_orders: 0, delivered_orders: 1, open_orders: 1 });
    expect(await count(all({ field: 'journey_stage', op: 'in', values: ['post_sale'] }))).toEqual([hoa]);
    expect(await count(all({ field: 'total_spent', op: 'gte', value: 4_900_000 }))).toEqual([hoa]);
    expect(await count(all({ field: 'total_spent', op: 'gte', value: 4_900_001 }))).toEqual([]);
  });

  it('the CSV import keeps it too (its set-based path for known customers)', async () => {
    const csv = 'Mã đơn hàng,Số điện thoại,Ngày đặt,Trạng thái,Tổng tiền\nC1,0912000111,10/03/2026,Hoàn thành,1000000\nC2,0912000111,12/03/2026,Hoàn thành,500000\n';
    const res = await t.app.inject({ method: 'POST', url: '/api/orders/import?source=csv', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, errors: [] });
    expect(await summary(hoa)).toMatchObject({ orders: 3, net_revenue: 6_400_000, last_order: '2026-03-12' });
    expect(await count(all({ field: 'order_count', op: 'eq', value: 3 }))).toEqual([hoa]);
  });

  it('a merge: the kept profile counts the merged one\'s orders in segments, lifetime value and retention; undo gives them back', async () => {
    const lan = (await put('M1', { status: 'completed', customer: { phone: '0913 000 001', name: 'Lan' }, orderedAt: '2026-03-05T03:00:00Z', total: 3_000_000 })).customerId!;
    const lanZalo = (await put('M2', { status: 'completed', customer: { phone: '0913 000 002', name: 'Lan (Zalo)' }, orderedAt: '2026-03-20T03:00:00Z', total: 2_000_000 })).customerId!;
    await reactionsSettled();
    const march = async () => RetentionReportSchema.parse(await get(`/api/metrics/retention?from=2026-03-01&to=2026-03-31`)).current;
    const before = await march();
    const twoOrders = all({ field: 'order_count', op: 'gte', value: 2 }, { field: 'total_spent', op: 'lte', value: 5_000_000 });
    expect(await count(twoOrders)).toEqual([]);

    const merged = await t.app.inject({ method: 'POST', url: `/api/customers/${lan}/merge`, headers: { cookie: ws.admin.cookie }, payload: { sourceId: lanZalo } });
    expect(merged.statusCode, merged.body).toBe(201);
    await reactionsSettled();
    expect(await summary(lan)).toMatchObject({ orders: 2, net_revenue: 5_000_000, last_order: '2026-03-20' });
    expect(await summary(lanZalo)).toBeFalsy();
    expect(await count(twoOrders)).toEqual([lan]);
    expect(await get(`/api/customers/${lan}/value`)).toMatchObject({ clv: 5_000_000, orders: 2 });
    // Retention: one customer fewer (the two profiles are one buyer, a repeat buyer), the same orders and revenue.
    const after = await march();
    expect(after).toMatchObject({ customers: before.customers - 1, new: before.new - 1, end: before.end - 1, orders: before.orders, revenue: before.revenue });
    const rc = await t.ctx.db.query<{ customer_id: string; orders: number }>(`SELECT customer_id, orders FROM retention_customers WHERE workspace_id = $1 AND customer_id = ANY($2::uuid[])`, [ws.workspaceId, [lan, lanZalo]]);
    expect(rc).toEqual([{ customer_id: lan, orders: 2 }]);

    const undo = await t.app.inject({ method: 'POST', url: `/api/customer-merges/${merged.json().merge.id}/undo`, headers: { cookie: ws.admin.cookie } });
    expect(undo.statusCode, undo.body).toBeLessThan(300);
    await reactionsSettled();
    expect(await summary(lan)).toMatchObject({ orders: 1, net_revenue: 3_000_000 });
    expect(await summary(lanZalo)).toMatchObject({ orders: 1, net_revenue: 2_000_000 });
    expect(await count(twoOrders)).toEqual([]);
    expect(await march()).toEqual(before);
  });
});
