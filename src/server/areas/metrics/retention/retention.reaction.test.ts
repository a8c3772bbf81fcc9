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
