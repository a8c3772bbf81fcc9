import type { Db, Sql } from '../../core/db/types.js';
import { addBasket, associationsFrom, DEFAULT_THRESHOLDS, newCoOccurrence, type Association, type Thresholds } from './co-occurrence.js';
import { BOUGHT } from './bought.js';

const PAGE = 2000;
const INSERT_CHUNK = 5000;

export interface RecomputeResult {
  baskets: number;
  items: number;
  pairs: number;
}

/**
 * Relearns a workspace's item associations from its orders: reads every bought order's SKUs in keyset
 * pages, tallies them with the co-occurrence module, and replaces the workspace's rows of
 * item_associations and item_names in one transaction (readers see the old table or the new one).
 * Idempotent: the same orders give the same rows.
 */
export async function recomputeAssociations(db: Db, workspaceId: string, t: Thresholds = DEFAULT_THRESHOLDS): Promise<RecomputeResult> {
  const changed = await db.one<{ at: Date | null }>('SELECT max(updated_at) AS at FROM orders WHERE workspace_id = $1', [workspaceId]);
  const acc = newCoOccurrence();
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await db.query<{ id: string; skus: string[] }>(
      `SELECT o.id, array_agg(i.sku) AS skus FROM orders o JOIN order_items i ON i.order_id = o.id
       WHERE o.workspace_id = $1 AND ${BOUGHT} AND i.sku <> '' AND o.id > $2::uuid
       GROUP BY o.id ORDER BY o.id LIMIT ${PAGE}`,
      [workspaceId, after],
    );
    for (const b of page) addBasket(acc, b.skus, t.maxBasketItems);
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }
  const assocs = associationsFrom(acc, t);
  await db.tx(async (tx) => {
    await tx.query('DELETE FROM item_associations WHERE workspace_id = $1', [workspaceId]);
    await tx.query('DELETE FROM item_names WHERE workspace_id = $1', [workspaceId]);
    for (let i = 0; i < assocs.length; i += INSERT_CHUNK) await insertAssociations(tx, workspaceId, assocs.slice(i, i + INSERT_CHUNK));
    // Each SKU's name as on its latest bought order, and how many orders had it (the popularity fallback).
    await tx.query(
      `INSERT INTO item_names (workspace_id, sku, name, orders)
       SELECT $1, n.sku, n.name, c.orders FROM (
         SELECT DISTINCT ON (i.sku) i.sku, i.name FROM order_items i JOIN orders o ON o.id = i.order_id
         WHERE o.workspace_id = $1 AND ${BOUGHT} AND i.sku <> '' ORDER BY i.sku, o.ordered_at DESC, i.name
       ) n JOIN unnest($2::text[], $3::int[]) AS c(sku, orders) ON c.sku = n.sku`,
      [workspaceId, [...acc.itemCounts.keys()], [...acc.itemCounts.values()]],
    );
    await tx.query(
      `INSERT INTO item_association_runs (workspace_id, baskets, items, pairs, computed_at, orders_changed_at) VALUES ($1, $2, $3, $4, now(), $5)
       ON CONFLICT (workspace_id) DO UPDATE SET baskets = $2, items = $3, pairs = $4, computed_at = now(), orders_changed_at = $5`,
      [workspaceId, acc.baskets, acc.itemCounts.size, assocs.length, changed.at],
    );
  });
  return { baskets: acc.baskets, items: acc.itemCounts.size, pairs: assocs.length };
}

async function insertAssociations(tx: Sql, workspaceId: string, rows: Association[]) {
  await tx.query(
    `INSERT INTO item_associations (workspace_id, sku, other_sku, pair_count, support, confidence, lift)
     SELECT $1, u.sku, u.other, u.n, u.s, u.c, u.l FROM unnest($2::text[], $3::text[], $4::int[], $5::float8[], $6::float8[], $7::float8[]) AS u(sku, other, n, s, c, l)`,
    [workspaceId, rows.map((r) => r.sku), rows.map((r) => r.otherSku), rows.map((r) => r.pairCount), rows.map((r) => r.support), rows.map((r) => r.confidence), rows.map((r) => r.lift)],
  );
}

/** Workspaces whose orders changed after their associations were computed (or that have orders and none yet). */
export async function staleWorkspaces(db: Db): Promise<string[]> {
  const rows = await db.query<{ workspace_id: string }>(
    `SELECT w.id AS workspace_id FROM workspaces w
     LEFT JOIN item_association_runs r ON r.workspace_id = w.id
     WHERE EXISTS (SELECT 1 FROM orders o WHERE o.workspace_id = w.id AND (r.orders_changed_at IS NULL OR o.updated_at > r.orders_changed_at))`,
  );
  return rows.map((r) => r.workspace_id);
}
