import type { Sql } from '../../../core/db/types.js';
import type { Order } from '../../../../shared/orders.js';
import { presentOrder, type ItemRow, type OrderRowWithCustomer, type StatusChangeRow } from '../presenters.js';

/** The customer's live profile (orders keep the id they were matched to; a merge leaves them on the merged-away profile). */
export const ORDER_COLUMNS = `o.*, c.name AS customer_name, c.phone AS customer_phone`;
export const ORDER_CUSTOMER_JOIN = `LEFT JOIN customers c ON c.workspace_id = o.workspace_id AND c.id = o.customer_id`;

/** Orders presented with their items and status history, in the order of the rows given (3 queries for any number). */
export async function presentOrderRows(sql: Sql, workspaceId: string, rows: OrderRowWithCustomer[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [items, history] = await Promise.all([
    sql.query<ItemRow>(
      `SELECT order_id, position, sku, name, quantity::float8 AS quantity, unit_price, warranty_months, to_char(warranty_ends_on, 'YYYY-MM-DD') AS warranty_ends_on
       FROM order_items WHERE workspace_id = $1 AND order_id = ANY($2::uuid[]) ORDER BY order_id, position`,
      [workspaceId, ids],
    ),
    sql.query<StatusChangeRow>(
      'SELECT order_id, status, raw_status, at FROM order_status_changes WHERE workspace_id = $1 AND order_id = ANY($2::uuid[]) ORDER BY order_id, at, id',
      [workspaceId, ids],
    ),
  ]);
  const group = <T extends { order_id: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) {
      const bucket = m.get(x.order_id);
      if (bucket) bucket.push(x);
      else m.set(x.order_id, [x]);
    }
    return m;
  };
  const itemsBy = group(items);
  const historyBy = group(history);
  return rows.map((r) => presentOrder(r, itemsBy.get(r.id) ?? [], historyBy.get(r.id) ?? []));
}

/** One order by id, or undefined. */
export async function getOrder(sql: Sql, workspaceId: string, id: string): Promise<Order | undefined> {
  const row = await sql.maybeOne<OrderRowWithCustomer>(`SELECT ${ORDER_COLUMNS} FROM orders o ${ORDER_CUSTOMER_JOIN} WHERE o.workspace_id = $1 AND o.id = $2`, [workspaceId, id]);
  return row ? (await presentOrderRows(sql, workspaceId, [row]))[0] : undefined;
}

/** SQL for the ids of a profile and of every profile merged into it ($1 workspace, $n the profile id). */
export const profileIdsSql = (param: string) => `(WITH RECURSIVE p(id) AS (
    SELECT ${param}::uuid
    UNION SELECT c.id FROM customers c JOIN p ON c.merged_into_id = p.id WHERE c.workspace_id = $1
  ) SELECT id FROM p)`;
