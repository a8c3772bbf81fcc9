import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../test/harness.js';
import { generateDemo, type DemoResult } from './generate.js';
import { seedDemoOrders } from './orders.js';
import type { CustomerOrders } from '../../shared/orders.js';

describe('demo shop orders', () => {
  let t: TestApp;
  let demo: DemoResult;
  let ws: string;
  const now = new Date('2026-06-15T05:00:00Z');
  const one = async <T>(sql: string) => t.ctx.db.one<T>(sql, [ws]);

  beforeAll(async () => {
    t = await createTestApp();
    demo = await generateDemo(t.ctx.db, { customers: 300, batchSize: 100, now });
    ws = demo.workspaceId;
    // A fixed seed: the workspace's id is new each run, and 300 customers' sales need not show every status.
    await seedDemoOrders(t.ctx.db, ws, { now, batchSize: 120, seed: 'demo-orders-test' });
  });
  afterAll(() => t.close());

  it('sells to the demo customers: COD and prepaid, delivery states, repeat buyers, quotes, no orders for leads', async () => {
    const s = await one<{ orders: number; cod: number; prepaid: number; statuses: string[]; quotes: number; repeat: number; lead_orders: number }>(
      `SELECT count(*)::int AS orders,
              count(*) FILTER (WHERE payment_method = 'cod')::int AS cod,
              count(*) FILTER (WHERE payment_method <> 'cod')::int AS prepaid,
              array_agg(DISTINCT status ORDER BY status) AS statuses,
              count(*) FILTER (WHERE kind = 'quote')::int AS quotes,
              (SELECT count(*)::int FROM (SELECT customer_id FROM orders WHERE workspace_id = $1 AND kind = 'order' GROUP BY customer_id HAVING count(*) >= 3) r) AS repeat,
              (SELECT count(*)::int FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.workspace_id = $1 AND c.lifecycle_stage = 'lead') AS lead_orders
       FROM orders WHERE workspace_id = $1`,
    );
    expect(s.orders).toBeGreaterThan(250);
    expect(s.cod).toBeGreaterThan(s.orders * 0.4);
    expect(s.prepaid).toBeGreaterThan(s.orders * 0.2);
    expect(s.statuses).toEqual(expect.arrayContaining(['cancelled', 'completed', 'confirmed', 'delivered', 'quote', 'returned', 'shipping']));
    expect(s.quotes).toBeGreaterThan(0);
    expect(s.repeat).toBeGreaterThan(10);
    expect(s.lead_orders).toBe(0);
  });

  it('every order has lines, totals that add up, a status history ending in its status, and its events', async () => {
    const bad = await one<{ no_items: number; wrong_total: number; wrong_history: number; no_event: number; early_warranty: number }>(
      `SELECT
         (SELECT count(*)::int FROM orders o WHERE o.workspace_id = $1 AND NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)) AS no_items,
         (SELECT count(*)::int FROM orders o WHERE o.workspace_id = $1 AND (o.total <> o.subtotal - o.discount + o.shipping_fee
            OR o.subtotal <> (SELECT sum(quantity * unit_price) FROM order_items i WHERE i.order_id = o.id))) AS wrong_total,
         (SELECT count(*)::int FROM orders o WHERE o.workspace_id = $1 AND o.status <> (SELECT s.status FROM order_status_changes s WHERE s.order_id = o.id ORDER BY s.at DESC LIMIT 1)) AS wrong_history,
         (SELECT count(*)::int FROM orders o WHERE o.workspace_id = $1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.workspace_id = $1 AND e.subject_type = 'order' AND e.subject_id = o.id AND e.type = 'order.created')) AS no_event,
         (SELECT count(*)::int FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.workspace_id = $1 AND i.warranty_ends_on <= (o.ordered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS early_warranty`,
    );
    expect(bad).toEqual({ no_items: 0, wrong_total: 0, wrong_history: 0, no_event: 0, early_warranty: 0 });
    // Nothing happens after "now".
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM order_status_changes WHERE workspace_id = $1 AND at > '${now.toISOString()}'`)).n).toBe(0);
  });

  it('a loyal buyer\'s profile shows lifetime value, running warranties and the latest order', async () => {
    const loyal = await one<{ customer_id: string; ltv: string }>(
      `SELECT customer_id, sum(total) FILTER (WHERE status IN ('confirmed','paid','shipping','delivered','completed')) AS ltv FROM orders
       WHERE workspace_id = $1 GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1`,
    );
    const cookie = await loginCookie(t.app, demo.adminEmail, demo.password);
    const res = await t.app.inject({ method: 'GET', url: `/api/customers/${loyal.customer_id}/orders`, headers: { cookie } });
    const body = res.json<CustomerOrders>();
    expect(body.lifetimeValue).toBe(Number(loyal.ltv));
    expect(body.orderCount).toBeGreaterThanOrEqual(3);
    expect(body.latestOrder?.items.length).toBeGreaterThan(0);
    expect(body.latestOrder?.statusHistory.length).toBeGreaterThan(0);
  });
});
