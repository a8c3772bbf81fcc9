import type { Reaction } from '../../core/events/reactions.js';
import { refreshOrderSummaries } from './commands/order-summary.js';

/**
 * A merge (or its undo) moves no orders, but whose they count for changes: the kept profile's order
 * summary takes in the merged one's orders (and gives them back on undo). Idempotent: recomputed from orders.
 */
export const orderSummaryMergeReaction: Reaction = {
  name: 'order-summary-merges',
  handles: ['customer.merged', 'customer.merge_undone'],
  async run(ctx, events) {
    const byWs = new Map<string, Set<string>>();
    for (const e of events) {
      const ids = byWs.get(e.workspace_id) ?? new Set<string>();
      byWs.set(e.workspace_id, ids);
      ids.add(e.subject_id);
      const sourceId = (e.data as { sourceId?: unknown } | null)?.sourceId;
      if (typeof sourceId === 'string') ids.add(sourceId);
    }
    for (const [ws, ids] of byWs) await ctx.db.tx((tx) => refreshOrderSummaries(tx, ws, ids));
  },
};
