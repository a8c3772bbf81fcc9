import type { Sql } from '../../../core/db/types.js';
import { orderDeliveredNowSql, orderInSaleNowSql } from '../../journey/index.js';
import { OPEN_ORDER_STATUSES } from '../../../../shared/orders.js';
import { netOrderSql } from '../net-revenue.js';

/**
 * customer_order_summary (migration 087): one row per live profile with orders, what segments, the
 * profile's lifetime value and the CLV card read. Orders of profiles merged into it (merged_into_id,
 * followed to the end of the chain) count for it; a merged-away profile has no row.
 */

const MAX_HOPS = 50;
const inList = (xs: readonly string[]) => xs.map((s) => `'${s}'`).join(', ');

/** Each given profile's live profile (itself when not merged away), following merged_into_id chains. */
export async function liveProfiles(sql: Sql, workspaceId: string, customerIds: string[]): Promise<Map<string, string>> {
  if (customerIds.length === 0) return new Map();
  const rows = await sql.query<{ start: string; owner: string }>(
    `WITH RECURSIVE up(start, id, next, hops) AS (
       SELECT c.id, c.id, c.merged_into_id, 0 FROM customers c WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[])
       UNION ALL
       SELECT up.start, c.id, c.merged_into_id, up.hops + 1 FROM up JOIN customers c ON c.workspace_id = $1 AND c.id = up.next WHERE up.hops < ${MAX_HOPS}
     )
     SELECT start, id AS owner FROM up WHERE next IS NULL`,
    [workspaceId, [...new Set(customerIds)]],
  );
  return new Map(rows.map((r) => [r.start, r.owner]));
}

/**
 * SQL CTE `fam(owner, id)` (to put after WITH RECURSIVE): each live profile in the uuid[] parameter
 * `ownersParam` with every profile merged into it, directly or down a chain (customers_merged_into_idx).
 */
export const profileFamilyCte = (ownersParam: string) => `
  fam(owner, id, hops) AS (
    -- Driven by the ids (primary key per id): a "merged_into_id IS NULL" condition here lets the planner
    -- pick a partial index over every live profile of the workspace instead.
    SELECT c.id, c.id, 0 FROM unnest(${ownersParam}::uuid[]) AS g(id) JOIN customers c ON c.id = g.id
    WHERE c.workspace_id = $1 AND coalesce(c.merged_into_id, c.id) = c.id
    UNION ALL
    SELECT fam.owner, c.id, fam.hops + 1 FROM fam JOIN customers c ON c.workspace_id = $1 AND c.merged_into_id = fam.id WHERE fam.hops < ${MAX_HOPS}
  )`;

/** The live profile and its merged profiles, for readers that aggregate orders themselves (retention). */
export async function profileFamilies(sql: Sql, workspaceId: string, owners: string[]): Promise<Map<string, string>> {
  if (owners.length === 0) return new Map();
  const rows = await sql.query<{ owner: string; id: string }>(`WITH RECURSIVE ${profileFamilyCte('$2')} SELECT owner, id FROM fam`, [workspaceId, owners]);
  return new Map(rows.map((r) => [r.id, r.owner]));
}

const NET = netOrderSql('o');
const COLUMNS = ['orders', 'net_revenue', 'first_order_at', 'last_order_at', 'open_orders', 'in_sale_orders', 'delivered_orders', 'last_delivered_at', 'lost_orders', 'all_orders'] as const;

/**
 * Recomputes the summary rows of some customers from their orders, inside the caller's transaction
 * (the orders commands call it in theirs; merges through a reaction). Any profile may be given: its
 * live profile is recomputed, and a merged-away one loses its row. Per-profile advisory locks, taken
 * in id order, keep two writers of one customer from summing what the other has not committed yet.
 */
export async function refreshOrderSummaries(sql: Sql, workspaceId: string, customerIds: Iterable<string>): Promise<void> {
  const given = [...new Set([...customerIds].filter(Boolean))];
  if (given.length === 0) return;
  const owners = [...new Set((await liveProfiles(sql, workspaceId, given)).values())].sort();
  const touched = [...new Set([...given, ...owners])];
  if (owners.length > 0) {
    await sql.query(`SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM (SELECT 'order-summary|' || $1 || '|' || id AS k FROM unnest($2::text[]) id ORDER BY id) s`, [workspaceId, owners]);
  }
  await sql.query(
    `WITH RECURSIVE ${profileFamilyCte('$2')},
     -- Per profile through orders_customer_idx (LATERAL: never a scan of the workspace's orders), then per live profile.
     per AS (
       SELECT f.owner, x.* FROM fam f CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE ${NET}) AS orders,
                coalesce(sum(o.total) FILTER (WHERE ${NET}), 0) AS net_revenue,
                min(o.ordered_at) FILTER (WHERE ${NET}) AS first_order_at,
                max(o.ordered_at) FILTER (WHERE ${NET}) AS last_order_at,
                count(*) FILTER (WHERE o.status IN (${inList(OPEN_ORDER_STATUSES)})) AS open_orders,
                count(*) FILTER (WHERE ${orderInSaleNowSql('o')}) AS in_sale_orders,
                count(*) FILTER (WHERE ${orderDeliveredNowSql('o')}) AS delivered_orders,
                max(coalesce(o.delivered_at, o.ordered_at)) FILTER (WHERE ${orderDeliveredNowSql('o')}) AS last_delivered_at,
                count(*) FILTER (WHERE o.status IN ('cancelled', 'returned')) AS lost_orders,
                count(*) AS all_orders
         FROM orders o WHERE o.workspace_id = $1 AND o.customer_id = f.id
       ) x
     ),
     agg AS (
       SELECT owner, sum(orders)::int AS orders, sum(net_revenue)::bigint AS net_revenue, min(first_order_at) AS first_order_at, max(last_order_at) AS last_order_at,
              sum(open_orders)::int AS open_orders, sum(in_sale_orders)::int AS in_sale_orders, sum(delivered_orders)::int AS delivered_orders,
              max(last_delivered_at) AS last_delivered_at, sum(lost_orders)::int AS lost_orders, sum(all_orders)::int AS all_orders
       FROM per GROUP BY owner HAVING sum(all_orders) > 0
     ),
     gone AS (
       DELETE FROM customer_order_summary s WHERE s.workspace_id = $1 AND s.customer_id = ANY($3::uuid[])
         AND NOT EXISTS (SELECT 1 FROM agg WHERE agg.owner = s.customer_id)
     )
     INSERT INTO customer_order_summary (workspace_id, customer_id, ${COLUMNS.join(', ')}, updated_at)
     SELECT $1, owner, ${COLUMNS.join(', ')}, now() FROM agg
     ON CONFLICT (workspace_id, customer_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()`,
    [workspaceId, owners, touched],
  );
}

/** Every summary row of a workspace rebuilt from its orders (the benchmark, a repair). */
export async function rebuildOrderSummaries(sql: Sql, workspaceId: string, batch = 5000): Promise<number> {
  await sql.query(`DELETE FROM customer_order_summary WHERE workspace_id = $1`, [workspaceId]);
  const ids = (await sql.query<{ id: string }>(`SELECT DISTINCT customer_id AS id FROM orders WHERE workspace_id = $1 AND customer_id IS NOT NULL ORDER BY 1`, [workspaceId])).map((r) => r.id);
  for (let i = 0; i < ids.length; i += batch) await refreshOrderSummaries(sql, workspaceId, ids.slice(i, i + batch));
  return ids.length;
}
