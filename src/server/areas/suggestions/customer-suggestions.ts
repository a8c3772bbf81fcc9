import type { Sql } from '../../core/db/types.js';
import { notFound } from '../../core/errors.js';
import type { CustomerSuggestions, Suggestion } from '../../../shared/suggestions.js';
import { indexBySku, popularItems, rankSuggestions, type Association } from './co-occurrence.js';

interface AssociationRow {
  sku: string;
  other_sku: string;
  pair_count: number;
  support: number;
  confidence: number;
  lift: number;
}

/**
 * Suggestions for one customer: the items their own orders' SKUs lead to in item_associations, ranked
 * by the co-occurrence module, minus anything they already have (any order not cancelled or returned,
 * quotes included, profiles merged into theirs included); when that gives fewer than `limit`, best
 * sellers they do not have fill the rest (reason "popular").
 */
export async function customerSuggestions(sql: Sql, workspaceId: string, customerId: string, limit = 5): Promise<CustomerSuggestions> {
  const exists = await sql.maybeOne('SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
  if (!exists) throw notFound('customer');
  const run = await sql.maybeOne<{ baskets: number; computed_at: Date }>('SELECT baskets, computed_at FROM item_association_runs WHERE workspace_id = $1', [workspaceId]);
  if (!run) return { items: [], computedAt: null, baskets: 0 };

  const owned = (
    await sql.query<{ sku: string }>(
      `SELECT DISTINCT i.sku FROM orders o JOIN order_items i ON i.order_id = o.id
       WHERE o.workspace_id = $1 AND o.status NOT IN ('cancelled', 'returned') AND i.sku <> ''
         AND o.customer_id IN (SELECT id FROM customers WHERE workspace_id = $1 AND (id = $2 OR merged_into_id = $2))`,
      [workspaceId, customerId],
    )
  ).map((r) => r.sku);

  const rows = owned.length
    ? await sql.query<AssociationRow>('SELECT sku, other_sku, pair_count, support, confidence, lift FROM item_associations WHERE workspace_id = $1 AND sku = ANY($2::text[])', [workspaceId, owned])
    : [];
  const rules = indexBySku(rows.map((r): Association => ({ sku: r.sku, otherSku: r.other_sku, pairCount: r.pair_count, support: r.support, confidence: r.confidence, lift: r.lift })));
  const ranked = rankSuggestions(owned, (s) => rules.get(s) ?? [], limit);

  const popular =
    ranked.length < limit
      ? await sql.query<{ sku: string; orders: number }>('SELECT sku, orders FROM item_names WHERE workspace_id = $1 ORDER BY orders DESC, sku LIMIT $2', [workspaceId, limit + owned.length + ranked.length])
      : [];
  const fill = popularItems(
    popular.map((p) => [p.sku, p.orders] as [string, number]),
    [...owned, ...ranked.map((r) => r.sku)],
    limit - ranked.length,
  );

  const skus = [...new Set([...ranked.flatMap((r) => [r.sku, r.because.sku]), ...fill.map(([s]) => s)])];
  const names = new Map(
    (await sql.query<{ sku: string; name: string }>('SELECT sku, name FROM item_names WHERE workspace_id = $1 AND sku = ANY($2::text[])', [workspaceId, skus])).map((r) => [r.sku, r.name]),
  );
  const nameOf = (s: string) => names.get(s) || s;
  const items: Suggestion[] = [
    ...ranked.map((r) => ({
      sku: r.sku,
      name: nameOf(r.sku),
      score: round(r.score),
      reason: { kind: 'bought_together' as const, sku: r.because.sku, name: nameOf(r.because.sku), confidence: round(r.because.confidence), lift: round(r.because.lift), pairCount: r.because.pairCount },
    })),
    ...fill.map(([sku, orders]) => ({ sku, name: nameOf(sku), score: 0, reason: { kind: 'popular' as const, orders } })),
  ];
  return { items, computedAt: new Date(run.computed_at).toISOString(), baskets: run.baskets };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
