import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedUser, seedWorkspace, type TestApp } from '../../test/harness.js';
import type { CustomerOrders, Order, OrderList, OrderUpsert, OrderUpsertResult } from '../../../shared/orders.js';

const base: OrderUpsert = {
  status: 'confirmed',
  rawStatus: 'Đã xác nhận',
  customer: { phone: '0912 345 678', name: 'Nguyễn Thị Hoa', code: 'KH001' },
  paymentMethod: 'cod',
  orderedAt: '2026-03-01T03:00:00Z',
  updatedAt: '2026-03-01T03:00:00Z',
  discount: 100_000,
  shippingFee: 30_000,
  items: [
    { sku: 'TL-LG-300', name: 'Tủ lạnh LG 300L', quantity: 1, unitPrice: 8_990_000, warrantyMonths: 24 },
    { sku: 'QUAT-01', name: 'Quạt đứng', quantity: 2, unitPrice: 450_000 },
  ],
};

describe('orders: upsert by (source, code), list, customer orders', () => {
  let t: TestApp;
  let token: string;
  let cookie: string;
  let agentCookie: string;
  const put = (source: string, code: string, body: OrderUpsert, auth = `Bearer ${token}`) =>
    t.app.inject({ method: 'PUT', url: `/api/orders/${source}/${encodeURIComponent(code)}`, headers: { authorization: auth }, payload: body });
  const events = async (orderId: string) =>
    (await t.ctx.db.query<{ type: string; data: Record<string, unknown> }>("SELECT type, data FROM events WHERE subject_type = 'order' AND subject_id = $1 ORDER BY id", [orderId]));

  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedWorkspace(t);
    cookie = s.admin.cookie;
    token = await seedToken(t, cookie);
    agentCookie = (await seedUser(t, s.workspaceId, 'agent')).cookie;
  });
  afterAll(() => t.close());

  it('creates an order with its customer, totals, warranty end and first status', async () => {
    const res = await put('api', 'DH-1001', base);
    expect(res.statusCode).toBe(201);
    const { outcome, order } = res.json<OrderUpsertResult>();
    expect(outcome).toBe('created');
    expect(order).toMatchObject({ source: 'api', code: 'DH-1001', status: 'confirmed', rawStatus: 'Đã xác nhận', open: true, subtotal: 9_890_000, discount: 100_000, shippingFee: 30_000, total: 9_820_000, amountPaid: 0 });
    expect(order.customer).toMatchObject({ name: 'Nguyễn Thị Hoa', phone: '+84912345678' });
    // Ordered 01/03 10:00 in Hồ Chí Minh, not delivered: the warranty counts from the order day.
    expect(order.items.map((i) => [i.sku, i.warrantyEndsOn])).toEqual([['TL-LG-300', '2028-03-01'], ['QUAT-01', null]]);
    expect(order.statusHistory).toEqual([{ status: 'confirmed', rawStatus: 'Đã xác nhận', at: '2026-03-01T03:00:00.000Z' }]);
    const ids = await t.ctx.db.query<{ kind: string; value: string }>('SELECT kind, value FROM customer_identities WHERE customer_id = $1 ORDER BY kind', [order.customerId]);
    expect(ids).toEqual([{ kind: 'external', value: 'api:KH001' }, { kind: 'phone', value: '+84912345678' }]);
    expect((await events(order.id)).map((e) => e.type)).toEqual(['order.created']);
  });

  it('a replay changes nothing; an older update changes nothing; a newer one wins and is in the history', async () => {
    const replay = await put('api', 'DH-1001', base);
    expect(replay.statusCode).toBe(200);
    expect(replay.json<OrderUpsertResult>().outcome).toBe('unchanged');

    const delivered = await put('api', 'DH-1001', { ...base, status: 'delivered', rawStatus: 'Giao thành công', deliveredAt: '2026-03-05T08:00:00Z', updatedAt: '2026-03-05T08:00:00Z' });
    expect(delivered.json<OrderUpsertResult>().outcome).toBe('updated');
    // An update sent before the delivery, arriving after it: ignored.
    const late = await put('api', 'DH-1001', { ...base, status: 'shipping', rawStatus: 'Đang giao', updatedAt: '2026-03-03T08:00:00Z' });
    expect(late.json<OrderUpsertResult>().outcome).toBe('stale');
    const { order } = late.json<OrderUpsertResult>();
    expect(order.status).toBe('delivered');
    expect(order.deliveredAt).toBe('2026-03-05T08:00:00.000Z');
    // Delivered on 05/03: the warranty moved with it.
    expect(order.items[0].warrantyEndsOn).toBe('2028-03-05');
    expect(order.statusHistory.map((h) => h.status)).toEqual(['confirmed', 'delivered']);
    const evs = await events(order.id);
    expect(evs.map((e) => e.type)).toEqual(['order.created', 'order.status_changed', 'order.updated']);
    expect(evs[1].data).toMatchObject({ from: 'confirmed', to: 'delivered', rawStatus: 'Giao thành công', at: '2026-03-05T08:00:00.000Z', customerId: order.customerId });
    expect(await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM orders')).toEqual({ n: 1 });
  });

  it('a body without updatedAt: the same body is unchanged, a different one wins', async () => {
    const body: OrderUpsert = { status: 'paid', orderedAt: '2026-04-01T01:00:00Z', customer: { email: 'hoa@example.vn', phone: '0912345678' }, total: 1_500_000 };
    expect((await put('shop', 'A-1', body)).json<OrderUpsertResult>().outcome).toBe('created');
    expect((await put('shop', 'A-1', body)).json<OrderUpsertResult>().outcome).toBe('unchanged');
    const r = (await put('shop', 'A-1', { ...body, status: 'completed' })).json<OrderUpsertResult>();
    expect(r.outcome).toBe('updated');
    expect(r.order).toMatchObject({ status: 'completed', total: 1_500_000, amountPaid: 1_500_000 });
  });

  it('the customer\'s orders: lifetime value, open orders, running warranties; merged profiles count', async () => {
    const first = (await put('api', 'DH-1002', { ...base, status: 'cancelled', updatedAt: undefined })).json<OrderUpsertResult>().order;
    await put('api', 'Q-7', { ...base, kind: 'quote', status: 'quote', items: [{ sku: 'X', unitPrice: 5_000_000 }] });
    const customerId = first.customerId!;
    const res = await t.app.inject({ method: 'GET', url: `/api/customers/${customerId}/orders`, headers: { cookie: agentCookie } });
    expect(res.statusCode).toBe(200);
    const body = res.json<CustomerOrders>();
    // DH-1001 delivered 9 820 000 + A-1 completed 1 500 000; the cancelled order and the quote are not revenue.
    expect(body).toMatchObject({ customerId, lifetimeValue: 11_320_000, revenueOrderCount: 2, orderCount: 4 });
    expect(body.openOrders.map((o) => o.code)).toEqual(['Q-7']);
    expect(body.warranties).toEqual([{ orderId: expect.any(String), orderCode: 'DH-1001', sku: 'TL-LG-300', name: 'Tủ lạnh LG 300L', warrantyEndsOn: '2028-03-05' }]);
    expect(body.latestOrder?.code).toBe(body.orders[0].code);
    expect((await t.app.inject({ method: 'GET', url: `/api/customers/00000000-0000-4000-8000-000000000000/orders`, headers: { cookie } })).statusCode).toBe(404);
  });

  it('lists and searches by code, customer and status with keyset pages', async () => {
    const get = async (qs: string) => (await t.app.inject({ method: 'GET', url: `/api/orders?${qs}`, headers: { cookie: agentCookie } })).json<OrderList>();
    expect((await get('q=dh-100')).items.map((o) => o.code).sort()).toEqual(['DH-1001', 'DH-1002']);
    expect((await get('q=0912345678')).items).toHaveLength(4);
    expect((await get('status=cancelled')).items.map((o) => o.code)).toEqual(['DH-1002']);
    expect((await get('open=true')).items.map((o) => o.code)).toEqual(['Q-7']);
    const p1 = await get('limit=3');
    expect(p1.items).toHaveLength(3);
    const p2 = await get(`limit=3&cursor=${p1.nextCursor}`);
    expect(p2.nextCursor).toBeNull();
    expect([...p1.items, ...p2.items].map((o) => o.id).length).toBe(new Set([...p1.items, ...p2.items].map((o) => o.id)).size);
    expect(p1.items.length + p2.items.length).toBe(4);
    const one = await t.app.inject({ method: 'GET', url: `/api/orders/${p1.items[0].id}`, headers: { cookie: agentCookie } });
    expect(one.json<{ order: Order }>().order.id).toBe(p1.items[0].id);
  });

  it('refuses what it cannot take: bad phone, bad status, agents writing', async () => {
    expect((await put('api', 'BAD-1', { ...base, customer: { phone: '12' } })).json().error.id).toBe('customer.invalid_phone');
    expect((await put('api', 'BAD-2', { ...base, status: 'lost' as never })).statusCode).toBe(400);
    expect((await put('API!', 'X', base)).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PUT', url: '/api/orders/api/X', headers: { cookie: agentCookie }, payload: base })).statusCode).toBe(403);
  });
});
