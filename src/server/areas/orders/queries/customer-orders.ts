import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { OPEN_ORDER_STATUSES, REVENUE_ORDER_STATUSES, type CustomerOrders } from '../../../../shared/orders.js';
import type { OrderRowWithCustomer } from '../presenters.js';
import { ORDER_COLUMNS, ORDER_CUSTOMER_JOIN, presentOrderRows, profileIdsSql } from './load-orders.js';

const list = (values: readonly string[]) => values.map((s) => `'${s}'`).join(', ');

/**
 * What the profile shows first about a customer's orders: lifetime value (net revenue to date), the
 * latest orders, those still open, warranties still running (ending today or later in the workspace
 * zone). Profiles merged into this one count as this one.
 */
export async function customerOrders(sql: Sql, workspaceId: string, customerId: string, limit = 20): Promise<CustomerOrders> {
  const customer = await sql.maybeOne<{ id: string; timezone: string }>(
    'SELECT c.id, w.timezone FROM customers c JOIN workspaces w ON w.id = c.workspace_id WHERE c.workspace_id = $1 AND c.id = $2',
    [workspaceId, customerId],
  );
  if (!customer) throw notFound('customer');
  const ids = profileIdsSql('$2');
  const [totals, recent, open, warranties] = await Promise.all([
    sql.one<{ ltv: string | null; revenue_orders: string; orders: string }>(
      `SELECT coalesce(sum(total) FILTER (WHERE kind <> 'quote' AND status IN (${list(REVENUE_ORDER_STATUSES)})), 0) AS ltv,
              count(*) FILTER (WHERE kind <> 'quote' AND status IN (${list(REVENUE_ORDER_STATUSES)})) AS revenue_orders,
              count(*) AS orders
       FROM orders WHERE workspace_id = $1 AND customer_id IN ${ids}`,
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
    lifetimeValue: Number(totals.ltv ?? 0),
    revenueOrderCount: Number(totals.revenue_orders),
    orderCount: Number(totals.orders),
    latestOrder: orders[0] ?? null,
    openOrders,
    warranties: warranties.map((w) => ({ orderId: w.order_id, orderCode: w.code, sku: w.sku, name: w.name, warrantyEndsOn: w.ends })),
    orders,
  };
}
