import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { RetentionReportSchema } from '../../../../shared/retention.js';
import { metricsSettled } from '../reactions.js';

/**
 * Orders written through the orders area's real API (PUT /api/orders/{source}/{code}) reach the
 * retention rollups by the reaction to their order.* events: no rebuild, no direct refresh.
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

const put = (code: string, body: Record<string, unknown>) =>
  t.app.inject({ method: 'PUT', url: `/api/orders/shop/${code}`, headers: { authorization: `Bearer ${token}` }, payload: body });
const report = async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/metrics/retention?from=2026-03-01&to=2026-03-31', headers: { cookie: ws.admin.cookie } });
  expect(res.statusCode).toBe(200);
  return RetentionReportSchema.parse(res.json()).current;
};

describe('retention follows order events', () => {
  it('a new order, a repeat order, then a cancellation', async () => {
    const customer = { phone: '0912345678', name: 'Chị Hoa' };
    expect((await put('DH1', { status: 'completed', customer, total: 2_000_000, orderedAt: '2026-03-05T10:00:00+07:00' })).statusCode).toBeLessThan(300);
    await metricsSettled();
    // One new customer in March, active at its end; 2M of net revenue.
    expect(await report()).toMatchObject({ start: 0, end: 1, new: 1, orders: 1, revenue: 2_000_000, customers: 1, repeatRate: 0 });

    expect((await put('DH2', { status: 'delivered', customer, total: 1_000_000, orderedAt: '2026-03-20T10:00:00+07:00' })).statusCode).toBeLessThan(300);
    await metricsSettled();
    expect(await report()).toMatchObject({ new: 1, orders: 2, revenue: 3_000_000, repeatRate: 100 });

    // The first order is cancelled later: it leaves revenue and counts; the customer is new on 03-20 instead.
    expect((await put('DH1', { status: 'cancelled', customer, total: 2_000_000, orderedAt: '2026-03-05T10:00:00+07:00', updatedAt: '2026-03-25T10:00:00+07:00' })).statusCode).toBeLessThan(300);
    await metricsSettled();
    expect(await report()).toMatchObject({ new: 1, end: 1, orders: 1, revenue: 1_000_000, customers: 1, repeatRate: 0 });
  });
});

describe('retention follows conversations of customers who ordered', () => {
  const customerRow = (phone: string) =>
    t.ctx.db.maybeOne<{ last_frt_seconds: number | null; frt_band: string | null }>(
      `SELECT rc.last_frt_seconds, rc.frt_band FROM retention_customers rc JOIN customers c ON c.id = rc.customer_id
       WHERE rc.workspace_id = $1 AND c.phone = $2`,
      [ws.workspaceId, phone],
    );
  const write = async (phone: string, externalId: string) => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/inbound/messages', headers: { authorization: `Bearer ${token}` },
      payload: { channel: 'zalo', externalId, from: { kind: 'phone', value: phone, name: 'Khách' }, body: 'Shop ơi đơn của mình sao rồi?' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { ticketId: string }).ticketId;
  };

  it("an agent's first reply to a customer with orders updates their service band; a customer who never ordered gets no figures", async () => {
    expect((await put('DH-FRT', { status: 'completed', customer: { phone: '0987000111', name: 'Anh Minh' }, total: 500_000, orderedAt: '2026-03-05T10:00:00+07:00' })).statusCode).toBeLessThan(300);
    await metricsSettled();
    expect(await customerRow('+84987000111')).toMatchObject({ last_frt_seconds: null });

    const ticketId = await write('0987000111', `frt-${Date.now()}`);
    const reply = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, headers: { cookie: ws.admin.cookie }, payload: { kind: 'reply', body: 'Dạ em kiểm tra ngay' } });
    expect(reply.statusCode, reply.body).toBe(201);
    await metricsSettled();
    await t.ctx.jobs.drain();
    const row = await customerRow('+84987000111');
    expect(row?.last_frt_seconds).not.toBeNull();
    expect(row?.frt_band).not.toBeNull();

    await write('0987000222', `no-order-${Date.now()}`);
    await metricsSettled();
    await t.ctx.jobs.drain();
    expect(await customerRow('+84987000222')).toBeUndefined();
  });
});
