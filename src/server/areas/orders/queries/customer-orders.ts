import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { OPEN_ORDER_STATUSES, type CustomerOrders } from '../../../../shared/orders.js';
import type { OrderRowWithCustomer } from '../presenters.js';
import { ORDER_COLUMNS, ORDER_CUSTOMER_JOIN, presentOrderRows, profileIdsSql } from './load-orders.js';

const list = (values: readonly string[]) => values.map((s) => `'${s}'`).join(', ');

/**
 * What the profile shows first about a customer's orders: lifetime value (net revenue to date), the
 * latest orders, those still open, warranties still running (ending today or later in the workspace
 * zone). Profiles merged into this one count as this one (the summary follows merge chains).
 */
export async function customerOrders(sql: Sql, workspaceId: string, customerId: string, limit = 20): Promise<CustomerOrders> {
  const customer = await sql.maybeOne<{ id: string; timezone: string }>(
    'SELECT c.id, w.timezone FROM customers c JOIN workspaces w ON w.id = c.workspace_id WHERE c.workspace_id = $1 AND c.id = $2',
    [workspaceId, customerId],
  );
  if (!customer) throw notFound('customer');
  const ids = profileIdsSql('$2');
  const [totals, recent, open, warranties] = await Promise.all([
    // Net revenue and counts from the customer's order summary (kept by the orders commands; net-revenue.ts).
    sql.maybeOne<{ ltv: string | null; revenue_orders: string; orders: string }>(
      `SELECT net_revenue AS ltv, orders AS revenue_orders, all_orders AS orders FROM customer_order_summary WHERE workspace_id = $1 AND customer_id = $2`,
      [workspaceId, customerId],
    ),
    sql.query<OrderRowWithCustomer>(
      `SELECT ${ORDER_COLUMNS} FROM orders o ${ORDER_CUSTOMER_JOIN}
       WHERE o.workspace_id = $1 AND o.customer_id IN ${ids} ORDER BY o.ordered_at DESC, o.id DESC LIMIT $3`,
      [workspaceId, customerId, limit],
    ),
    sql.query<OrderRowWithCustomer>(
      `SELECT ${ORDER_COLUMNS} FROM orders o ${ORDER_CUSTOMER_JOIN}
       WHERE o.workspace_id = $1 AND o.customer_id IN ${ids} AND o.status IN (${list(OPEN_ORDER_STATUSES)})
       ORDER BY o.ordered_at DESC, o.id DESC LIMIT 50`,
      [workspaceId, customerId],
    ),
    sql.query<{ order_id: string; code: string; sku: string; name: string; ends: string }>(
      `SELECT i.order_id, o.code, i.sku, i.name, to_char(i.warranty_ends_on, 'YYYY-MM-DD') AS ends
       FROM orders o JOIN order_items i ON i.order_id = o.id
       WHERE o.workspace_id = $1 AND o.customer_id IN ${ids} AND o.status NOT IN ('cancelled', 'returned', 'quote', 'draft')
         AND i.warranty_ends_on >= (now() AT TIME ZONE $3)::date
       ORDER BY i.warranty_ends_on, o.code, i.position LIMIT 100`,
      [workspaceId, customerId, customer.timezone],
    ),
  ]);
  const [orders, openOrders] = await Promise.all([presentOrderRows(sql, workspaceId, recent), presentOrderRows(sql, workspaceId, open)]);
  return {
    customerId,
    lifetimeValue: Number(totals?.ltv ?? 0),
    revenueOrderCount: Number(totals?.revenue_orders ?? 0),
    orderCount: Number(totals?.orders ?? 0),
    latestOrder: orders[0] ?? null,
    openOrders,
    warranties: warranties.map((w) => ({ orderId: w.order_id, orderCode: w.code, sku: w.sku, name: w.name, warrantyEndsOn: w.ends })),
    orders,
  };
}
