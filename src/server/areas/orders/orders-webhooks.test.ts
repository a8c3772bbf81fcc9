import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type TestApp } from '../../test/harness.js';
import type { Order, OrderList, OrderWebhook } from '../../../shared/orders.js';
import { signGeneric, signHaravan, signKiotViet } from './webhooks/signatures.js';

/** An order.update as KiotViet's Public API document describes it (PascalCase, local times without offset). */
const kiotVietOrder = (over: Record<string, unknown> = {}) => ({
  Id: 90001234,
  Code: 'DH000123',
  PurchaseDate: '2026-04-20T10:08:32.0000000',
  BranchId: 1,
  BranchName: 'Chi nhánh trung tâm',
  SoldById: 2,
  CustomerId: 555,
  CustomerCode: 'KH000045',
  CustomerName: 'Lê Thị Mai',
  Total: 12_990_000,
  TotalPayment: 0,
  Discount: 0,
  Status: 5,
  StatusValue: 'Đã xác nhận',
  UsingCod: true,
  CreatedDate: '2026-04-20T10:08:32.0000000',
  ModifiedDate: '2026-04-20T10:10:00.0000000',
  OrderDetails: [{ ProductId: 77, ProductCode: 'DH-LG-12000', ProductName: 'Điều hòa LG 12000BTU', Quantity: 1, Price: 12_990_000, Discount: 0 }],
  OrderDelivery: { DeliveryCode: null, Receiver: 'Lê Thị Mai', ContactNumber: '0987654321', Address: '12 Trần Phú, Hà Đông', PartnerDelivery: { Code: 'GHN', Name: 'Giao Hàng Nhanh' } },
  ...over,
});

/** invoice.update for the invoice KiotViet makes from that order, with its delivery state. */
const kiotVietInvoice = (status: number, deliveryStatus: number, modified: string) => ({
  Id: 91000001,
  Code: 'HD000456',
  OrderCode: 'DH000123',
  PurchaseDate: '2026-04-21T08:00:00.0000000',
  CustomerCode: 'KH000045',
  CustomerName: 'Lê Thị Mai',
  Total: 12_990_000,
  TotalPayment: deliveryStatus === 3 ? 12_990_000 : 0,
  Status: status,
  StatusValue: status === 1 ? 'Hoàn thành' : 'Đang xử lý',
  UsingCod: true,
  ModifiedDate: modified,
  InvoiceDetails: [{ ProductCode: 'DH-LG-12000', ProductName: 'Điều hòa LG 12000BTU', Quantity: 1, Price: 12_990_000 }],
  InvoiceDelivery: { DeliveryCode: 'GHN123456', Status: deliveryStatus, Receiver: 'Lê Thị Mai', ContactNumber: '0987654321', PartnerDelivery: { Code: 'GHN', Name: 'Giao Hàng Nhanh' } },
});

const envelope = (action: string, data: unknown[]) => ({ Id: 'b3f1c2a4-0000-4000-8000-000000000001', Attempt: 1, Notifications: [{ Action: action, Data: data }] });

/** A Haravan order as its orders/* webhooks send it (Shopify-like). */
const haravanOrder = (over: Record<string, unknown> = {}) => ({
  id: 1000234567,
  name: '#1001',
  order_number: 1001,
  email: 'minh@example.vn',
  created_at: '2026-05-02T03:15:00.000Z',
  updated_at: '2026-05-02T03:15:00.000Z',
  cancelled_status: 'uncancelled',
  closed_status: 'unclosed',
  confirmed_status: 'confirmed',
  financial_status: 'pending',
  fulfillment_status: 'notfulfilled',
  gateway_code: 'COD',
  gateway: 'Thanh toán khi giao hàng (COD)',
  total_price: 3_530_000,
  subtotal_price: 3_500_000,
  total_discounts: 0,
  customer: { id: 2000111, email: 'minh@example.vn', phone: '0909123456', first_name: 'Minh', last_name: 'Đặng Văn' },
  billing_address: { phone: '0909123456', name: 'Đặng Văn Minh' },
  shipping_lines: [{ title: 'Giao hàng tiêu chuẩn', price: 30_000 }],
  line_items: [{ id: 1, sku: 'NOI-CHIEN-5L', title: 'Nồi chiên không dầu 5L', variant_title: 'Đen', quantity: 1, price: 3_500_000 }],
  fulfillments: [],
  ...over,
});

describe('order webhooks: KiotViet, Haravan, generic signed', () => {
  let t: TestApp;
  let cookie: string;
  let agentCookie: string;
  const hooks: Record<string, { path: string; secret: string }> = {};
  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
  const kv = (body: unknown, secret = hooks.kiotviet.secret, path = hooks.kiotviet.path) => {
    const raw = JSON.stringify(body);
    return post(path, raw, { 'x-hub-signature': signKiotViet(secret, raw) });
  };
  const order = async (code: string) => (await t.app.inject({ method: 'GET', url: `/api/orders?q=${encodeURIComponent(code)}`, headers: { cookie } })).json<OrderList>().items[0] as Order | undefined;
  const count = async (table: string) => (await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;

  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedWorkspace(t);
    cookie = s.admin.cookie;
    agentCookie = (await seedUser(t, s.workspaceId, 'agent')).cookie;
    for (const kind of ['kiotviet', 'haravan', 'webhook'] as const) {
      const secret = kind === 'webhook' ? undefined : `${kind}-secret-0123456789`;
      const res = await t.app.inject({ method: 'POST', url: '/api/order-webhooks', headers: { cookie }, payload: { kind, ...(secret ? { signingSecret: secret } : {}) } });
      expect(res.statusCode).toBe(201);
      const body = res.json<{ webhook: OrderWebhook; signingSecret: string | null }>();
      hooks[kind] = { path: body.webhook.path, secret: secret ?? body.signingSecret! };
    }
  });
  afterAll(() => t.close());

  it('connected webhooks are listed without their secrets, for admins only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/order-webhooks', headers: { cookie } });
    expect(res.json().items.map((w: OrderWebhook) => [w.kind, w.name, w.hasSecret])).toEqual([['kiotviet', 'kiotviet', true], ['haravan', 'haravan', true], ['webhook', 'webhook', true]]);
    expect(res.body).not.toContain('secret-0123456789');
    expect((await t.app.inject({ method: 'GET', url: '/api/order-webhooks', headers: { cookie: agentCookie } })).statusCode).toBe(403);
    // A second one with the same name must be named differently (its orders would mix).
    expect((await t.app.inject({ method: 'POST', url: '/api/order-webhooks', headers: { cookie }, payload: { kind: 'kiotviet' } })).statusCode).toBe(409);
  });

  it('KiotViet order.update: signed, mapped, the customer recognised by code and phone; a replay changes nothing', async () => {
    const res = await kv(envelope('order.update', [kiotVietOrder()]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, created: 1 });
    const o = (await order('DH000123'))!;
    expect(o).toMatchObject({ source: 'kiotviet', status: 'confirmed', rawStatus: 'Đã xác nhận', paymentMethod: 'cod', total: 12_990_000, carrier: 'Giao Hàng Nhanh', orderedAt: '2026-04-20T03:08:32.000Z' });
    expect(o.items.map((i) => [i.sku, i.unitPrice])).toEqual([['DH-LG-12000', 12_990_000]]);
    const ids = await t.ctx.db.query<{ kind: string; value: string }>('SELECT kind, value FROM customer_identities WHERE customer_id = $1 ORDER BY kind', [o.customerId]);
    expect(ids).toEqual([{ kind: 'external', value: 'kiotviet:KH000045' }, { kind: 'phone', value: '+84987654321' }]);

    const again = await kv(envelope('order.update', [kiotVietOrder()]));
    expect(again.json()).toMatchObject({ created: 0, unchanged: 1 });
  });

  it('KiotViet invoice.update moves the order it came from by its delivery state; an older delivery arriving late is ignored', async () => {
    expect((await kv(envelope('invoice.update', [kiotVietInvoice(3, 2, '2026-04-21T09:00:00.0000000')]))).json()).toMatchObject({ updated: 1 });
    expect((await order('DH000123'))!).toMatchObject({ status: 'shipping', shippingStatus: 'Đang giao hàng' });
    expect((await kv(envelope('invoice.update', [kiotVietInvoice(1, 3, '2026-04-22T15:00:00.0000000')]))).json()).toMatchObject({ updated: 1 });
    // Sent before the delivery, arriving after it.
    expect((await kv(envelope('invoice.update', [kiotVietInvoice(3, 2, '2026-04-21T12:00:00.0000000')]))).json()).toMatchObject({ stale: 1 });
    const o = (await order('DH000123'))!;
    expect(o).toMatchObject({ status: 'completed', shippingStatus: 'Đã giao hàng', amountPaid: 12_990_000, deliveredAt: '2026-04-22T08:00:00.000Z' });
    expect(o.statusHistory.map((h) => h.status)).toEqual(['confirmed', 'shipping', 'completed']);
    // One sale, not two: the invoice did not become an order of its own.
    expect(await order('HD000456')).toBeUndefined();
  });

  it('KiotViet: what we do not process still gets 200 (KiotViet would stop sending), and a forged signature writes nothing', async () => {
    const before = await count('orders');
    const events = await count('events');
    const forged = JSON.stringify(envelope('order.update', [kiotVietOrder({ Code: 'DH-FORGED' })]));
    const r1 = await post(hooks.kiotviet.path, forged, { 'x-hub-signature': signKiotViet('not-the-secret-at-all', forged) });
    expect([r1.statusCode, r1.json().ignored]).toEqual([200, 'signature_invalid']);
    const r2 = await post(hooks.kiotviet.path, forged, {});
    expect([r2.statusCode, r2.json().ignored]).toEqual([200, 'signature_invalid']);
    const r3 = await kv(envelope('order.update', [kiotVietOrder()]), hooks.kiotviet.secret, '/api/hooks/orders/kiotviet/unknownKey123456');
    expect([r3.statusCode, r3.json().ignored]).toEqual([200, 'unknown_endpoint']);
    const r4 = await kv(envelope('product.update', [{ Id: 1, Code: 'SP1' }]));
    expect([r4.statusCode, r4.json()]).toMatchObject([200, { ok: true, ignored: 1, created: 0 }]);
    const garbage = 'not json at all';
    const r5 = await post(hooks.kiotviet.path, garbage, { 'x-hub-signature': signKiotViet(hooks.kiotviet.secret, garbage) });
    expect([r5.statusCode, r5.json().ignored]).toEqual([200, 'invalid_payload']);
    const r6 = await kv(envelope('order.update', [{ Code: 'NO-STATUS' }]));
    expect([r6.statusCode, r6.json().ignored]).toEqual([200, 1]);
    expect(await count('orders')).toBe(before);
    expect(await count('events')).toBe(events);
  });

  it('Haravan: a COD order, then fulfilled and delivered; signature checked; other topics ignored', async () => {
    const send = (body: unknown, topic = 'orders/create', secret = hooks.haravan.secret) => {
      const raw = JSON.stringify(body);
      return post(hooks.haravan.path, raw, { 'x-haravan-hmac-sha256': signHaravan(secret, raw), 'x-haravan-topic': topic, 'x-haravan-org-id': '200000123' });
    };
    expect((await send(haravanOrder())).json()).toMatchObject({ created: 1 });
    let o = (await order('#1001'))!;
    expect(o).toMatchObject({ source: 'haravan', status: 'confirmed', rawStatus: 'pending/notfulfilled/uncancelled', paymentMethod: 'cod', total: 3_530_000, shippingFee: 30_000, amountPaid: 0 });
    expect(o.customer).toMatchObject({ name: 'Đặng Văn Minh', phone: '+84909123456' });

    const delivered = haravanOrder({
      updated_at: '2026-05-04T09:00:00.000Z', financial_status: 'paid', fulfillment_status: 'fulfilled',
      fulfillments: [{ id: 9, tracking_company: 'Giao Hàng Tiết Kiệm', carrier_status_code: 'delivered', status: 'success', delivered_date: '2026-05-04T08:30:00.000Z', updated_at: '2026-05-04T09:00:00.000Z' }],
    });
    expect((await send(delivered, 'orders/fulfilled')).json()).toMatchObject({ updated: 1 });
    o = (await order('#1001'))!;
    expect(o).toMatchObject({ status: 'delivered', carrier: 'Giao Hàng Tiết Kiệm', deliveredAt: '2026-05-04T08:30:00.000Z', amountPaid: 3_530_000 });
    // The create arriving again after the delivery is older: nothing changes.
    expect((await send(haravanOrder(), 'orders/create')).json()).toMatchObject({ stale: 1 });

    expect((await send(delivered, 'orders/updated', 'wrong-secret-0000000')).statusCode).toBe(401);
    expect((await send({ id: 5, email: 'x@example.vn' }, 'customers/update')).json()).toMatchObject({ ignored: 1 });
    expect((await send({ nope: true }, 'orders/updated')).statusCode).toBe(400);
  });

  it('Haravan statuses: cancelled, refunded after delivery = returned, paid before shipping', async () => {
    const send = (body: unknown) => {
      const raw = JSON.stringify(body);
      return post(hooks.haravan.path, raw, { 'x-haravan-hmac-sha256': signHaravan(hooks.haravan.secret, raw), 'x-haravan-topic': 'orders/updated' });
    };
    await send(haravanOrder({ id: 2, name: '#1002', cancelled_status: 'cancelled', cancelled_at: '2026-05-03T00:00:00Z', updated_at: '2026-05-03T00:00:00Z' }));
    await send(haravanOrder({ id: 3, name: '#1003', financial_status: 'refunded', fulfillment_status: 'fulfilled', fulfillments: [{ carrier_status_code: 'delivered' }] }));
    await send(haravanOrder({ id: 4, name: '#1004', financial_status: 'paid', gateway_code: 'BankTransfer' }));
    expect((await order('#1002'))!.status).toBe('cancelled');
    expect((await order('#1003'))!.status).toBe('returned');
    expect((await order('#1004'))!).toMatchObject({ status: 'paid', paymentMethod: 'banktransfer' });
  });

  it('generic webhook: one order or a batch, signed over the raw body; forged 401, unknown 404, bad payload 400', async () => {
    const send = (body: unknown, secret = hooks.webhook.secret, path = hooks.webhook.path) => {
      const raw = JSON.stringify(body);
      return post(path, raw, { 'x-tantam-signature': signGeneric(secret, raw) });
    };
    const one = { code: 'ERP-1', status: 'paid', orderedAt: '2026-06-01T02:00:00Z', updatedAt: '2026-06-01T02:00:00Z', customer: { phone: '0911222333', name: 'Vũ Hải' }, total: 750_000 };
    const r1 = await send(one);
    expect(r1.json()).toMatchObject({ created: 1, results: [{ code: 'ERP-1', outcome: 'created' }] });
    const r2 = await send({ orders: [{ ...one, status: 'delivered', updatedAt: '2026-06-02T02:00:00Z' }, { ...one, code: 'ERP-2' }] });
    expect(r2.json().results).toEqual([{ code: 'ERP-1', outcome: 'updated' }, { code: 'ERP-2', outcome: 'created' }]);
    expect((await order('ERP-1'))!).toMatchObject({ source: 'webhook', status: 'delivered' });

    const forged = await send({ ...one, code: 'ERP-FORGED' }, 'someone-elses-secret-123');
    expect([forged.statusCode, forged.json().error.id]).toEqual([401, 'orders.signature_invalid']);
    expect(await order('ERP-FORGED')).toBeUndefined();
    expect((await send(one, hooks.webhook.secret, '/api/hooks/orders/webhook/unknownKey123456')).statusCode).toBe(404);
    const bad = await send({ code: 'ERP-3', status: 'lost', orderedAt: 'yesterday' });
    expect([bad.statusCode, bad.json().error.id]).toEqual([400, 'orders.invalid_payload']);
  });

  it('a disabled webhook stops taking orders', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/order-webhooks', headers: { cookie } })).json().items as OrderWebhook[];
    const generic = list.find((w) => w.kind === 'webhook')!;
    expect(generic.lastReceivedAt).not.toBeNull();
    await t.app.inject({ method: 'PATCH', url: `/api/order-webhooks/${generic.id}`, headers: { cookie }, payload: { enabled: false } });
    const raw = JSON.stringify({ code: 'ERP-9', status: 'paid', orderedAt: '2026-06-01T02:00:00Z', total: 1, customer: { phone: '0911222333' } });
    expect((await post(hooks.webhook.path, raw, { 'x-tantam-signature': signGeneric(hooks.webhook.secret, raw) })).statusCode).toBe(404);
  });
});
