import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import type { CustomerValue } from '../../../../shared/retention.js';
import { addDays, dayIn } from '../days.js';
import { retentionSettings } from './refresh.js';

/**
 * One customer's value for the profile: CLV = net revenue to date (orders not cancelled/returned,
 * orders/net-revenue.ts), read from the customer's order summary (written with the orders, so always
 * current — no wait for the rollup), with whether they are still active under the activity window.
 */
export async function customerValue(sql: Sql, workspaceId: string, customerId: string, now = new Date()): Promise<CustomerValue> {
  const c = await sql.maybeOne(`SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2`, [workspaceId, customerId]);
  if (!c) throw notFound('Customer', 'customers.not_found');
  const { timezone, windowDays } = await retentionSettings(sql, workspaceId);
  // The customer's order summary (orders area; net revenue as orders/net-revenue.ts defines it), merged profiles included.
  const r = (await sql.maybeOne<{ orders: string; clv: string; lost: string; first_at: Date | null; last_at: Date | null }>(
    `SELECT orders, net_revenue AS clv, lost_orders AS lost, first_order_at AS first_at, last_order_at AS last_at
     FROM customer_order_summary WHERE workspace_id = $1 AND customer_id = $2`,
    [workspaceId, customerId],
  )) ?? { orders: '0', clv: '0', lost: '0', first_at: null, last_at: null };
  // Active through the end of (last order day + window − 1), as the rollups count it.
  const activeUntil = r.last_at ? addDays(dayIn(new Date(r.last_at), timezone), windowDays - 1) : null;
  return {
    customerId,
    clv: Number(r.clv),
    orders: Number(r.orders),
    lostOrders: Number(r.lost),
    firstOrderAt: r.first_at ? new Date(r.first_at).toISOString() : null,
    lastOrderAt: r.last_at ? new Date(r.last_at).toISOString() : null,
    active: activeUntil !== null && activeUntil >= dayIn(now, timezone),
    activeUntil,
    activityWindowDays: windowDays,
  };
}
