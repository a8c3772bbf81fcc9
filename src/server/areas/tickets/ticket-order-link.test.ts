import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import { api, eventsOf, insertCustomer, openTicket } from '../../test/fixtures/tickets.js';

/** A ticket says which order it is about; the inbox finds "tickets about an open order". */
let t: TestApp;
let cookie: string;
let workspaceId: string;
let hoa: string;
let minh: string;
const orders: Record<string, string> = {};

async function putOrder(code: string, phone: string, status: string) {
  const r = await api(t, cookie, 'PUT', `/api/orders/shop/${code}`, {
    status,
    customer: { phone },
    orderedAt: '2026-11-20T09:00:00+07:00',
    items: [{ sku: 'QD-01', name: 'Quạt đứng', quantity: 1, unitPrice: 850_000 }],
  });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body.order.id as string;
}

beforeAll(async () => {
  t = await createTestApp();
  const ws = await seedWorkspace(t);
  cookie = ws.admin.cookie;
  workspaceId = ws.workspaceId;
  hoa = await insertCustomer(t, workspaceId, 'Nguyễn Thị Hoa', '+84912345678');
  minh = await insertCustomer(t, workspaceId, 'Trần Văn Minh', '+84987654321');
  orders.open = await putOrder('DH-100', '0912345678', 'shipping');
  orders.done = await putOrder('DH-101', '0912345678', 'delivered');
  orders.minh = await putOrder('DH-200', '0987654321', 'paid');
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const link = (ticketId: string, orderId: string | null) => api(t, cookie, 'PUT', `/api/tickets/${ticketId}/order`, { orderId });

describe('PUT /api/tickets/:id/order', () => {
  it('links, re-links idempotently and unlinks, one event per change', async () => {
    const ticket = await openTicket(t, cookie, { customerId: hoa, subject: 'Quạt chưa tới', channel: 'email' });
    expect(ticket.orderId).toBeNull();

    const r1 = await link(ticket.id, orders.open!);
    expect(r1.status).toBe(200);
    expect(r1.body.ticket.orderId).toBe(orders.open);
    const again = await link(ticket.id, orders.open!);
    expect(again.status).toBe(200);
    const r2 = await link(ticket.id, null);
    expect(r2.body.ticket.orderId).toBeNull();

    const events = (await eventsOf(t, ticket.id)).filter((e) => e.type === 'ticket.order_linked');
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ orderId: orders.open, previousOrderId: null, orderCode: 'DH-100', customerId: hoa }),
      expect.objectContaining({ orderId: null, previousOrderId: orders.open, orderCode: null }),
    ]);
  });

  it("refuses another customer's order and an unknown one", async () => {
    const ticket = await openTicket(t, cookie, { customerId: hoa, subject: 'Đổi hàng', channel: 'email' });
    const other = await link(ticket.id, orders.minh!);
    expect(other.status).toBe(400);
    expect(other.body.error.id).toBe('ticket.order_other_customer');
    const unknown = await link(ticket.id, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.id).toBe('ticket.order_not_found');
    const missing = await api(t, cookie, 'PUT', `/api/tickets/00000000-0000-4000-8000-000000000000/order`, { orderId: null });
    expect(missing.status).toBe(404);
  });
});

describe('GET /api/tickets?aboutOrder=', () => {
  it('lists tickets about an open order, or about any order', async () => {
    const aboutOpen = await openTicket(t, cookie, { customerId: hoa, subject: 'Đơn đang giao', channel: 'email' });
    const aboutDone = await openTicket(t, cookie, { customerId: hoa, subject: 'Bảo hành quạt', channel: 'email' });
    const aboutMinh = await openTicket(t, cookie, { customerId: minh, subject: 'Đã thanh toán', channel: 'email' });
    const none = await openTicket(t, cookie, { customerId: minh, subject: 'Hỏi giá', channel: 'email' });
    expect((await link(aboutOpen.id, orders.open!)).status).toBe(200);
    expect((await link(aboutDone.id, orders.done!)).status).toBe(200);
    expect((await link(aboutMinh.id, orders.minh!)).status).toBe(200);

    const numbers = async (q: string) => {
      const r = await api(t, cookie, 'GET', `/api/tickets?status=all&${q}`);
      expect(r.status).toBe(200);
      return (r.body.items as { number: number }[]).map((x) => x.number).sort((a, b) => a - b);
    };
    // shipping and paid are open; delivered is not.
    expect(await numbers('aboutOrder=open')).toEqual([aboutOpen.number, aboutMinh.number].sort((a, b) => a - b));
    expect(await numbers('aboutOrder=any')).toEqual([aboutOpen.number, aboutDone.number, aboutMinh.number].sort((a, b) => a - b));
    expect(await numbers('aboutOrder=')).toContain(none.number);

    // The order is delivered now: the ticket is no longer about an open order.
    await putOrder('DH-100', '0912345678', 'delivered');
    expect(await numbers('aboutOrder=open')).toEqual([aboutMinh.number]);

    const bad = await api(t, cookie, 'GET', '/api/tickets?aboutOrder=closed');
    expect(bad.status).toBe(400);
  });
});
