import { z } from 'zod';
import { defineJob } from '../../../core/jobs/define.js';
import { foldRetention, refreshCustomers } from './refresh.js';

const Empty = z.object({}).passthrough() as unknown as z.ZodType<Record<string, never>>;

/** Keeps the retention rollups current without waiting for a reader. */
export const retentionFoldJob = defineJob({
  name: 'retention.fold',
  schema: Empty,
  cron: '* * * * *',
  retryLimit: 2,
  async handle(ctx) {
    const rows = await ctx.db.query<{ workspace_id: string }>(`SELECT DISTINCT workspace_id FROM retention_dirty_days`);
    for (const r of rows) await foldRetention(ctx.db, r.workspace_id);
  },
});

/**
 * Orders written without an event naming them (a bulk import, a direct load) still count: every 5
 * minutes, refresh the customers whose orders changed in the last 10 minutes (overlap: refreshing is idempotent).
 */
export const retentionSweepJob = defineJob({
  name: 'retention.sweep',
  schema: Empty,
  cron: '*/5 * * * *',
  retryLimit: 2,
  async handle(ctx) {
    const groups = await ctx.db.query<{ workspace_id: string; ids: string[] }>(
      `SELECT workspace_id, array_agg(DISTINCT customer_id)::text[] AS ids FROM orders
        WHERE updated_at > now() - interval '10 minutes' AND customer_id IS NOT NULL GROUP BY workspace_id`,
    );
    for (const g of groups) await refreshCustomers(ctx.db, g.workspace_id, g.ids);
  },
});
