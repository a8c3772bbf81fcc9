import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import type { CustomerValue } from '../../../../shared/retention.js';
import { addDays, dayIn } from '../days.js';
import { NET_ORDER_SQL } from './contributions.js';
import { retentionSettings } from './refresh.js';

/**
 * One customer's value for the profile: CLV = net revenue to date (orders not cancelled/returned,
 * contributions.ts), read straight from their orders (one indexed customer, always current — no wait
 * for the rollup), with whether they are still active under the workspace's activity window.
 */
export async function customerValue(sql: Sql, workspaceId: string, customerId: string, now = new Date()): Promise<CustomerValue> {
  const c = await sql.maybeOne(`SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2`, [workspaceId, customerId]);
  if (!c) throw notFound('Customer', 'customers.not_found');
  const { timezone, windowDays } = await retentionSettings(sql, workspaceId);
  const r = await sql.one<{ orders: string; clv: string; lost: string; first_at: Date | null; last_at: Date | null }>(
    `SELECT count(*) FILTER (WHERE ${NET_ORDER_SQL}) AS orders,
            coalesce(sum(total) FILTER (WHERE ${NET_ORDER_SQL}), 0) AS clv,
            count(*) FILTER (WHERE status IN ('cancelled', 'returned')) AS lost,
            min(ordered_at) FILTER (WHERE ${NET_ORDER_SQL}) AS first_at,
            max(ordered_at) FILTER (WHERE ${NET_ORDER_SQL}) AS last_at
     FROM orders WHERE workspace_id = $1 AND customer_id = $2`,
    [workspaceId, customerId],
  );
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
