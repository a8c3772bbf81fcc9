import { z } from 'zod';
import { defineJob } from '../../core/jobs/define.js';
import { foldDirty, refreshSources } from './refresh.js';

const Empty = z.object({}).passthrough() as unknown as z.ZodType<Record<string, never>>;

/** Keeps rollups current without waiting for a reader: folds every workspace's dirty days. */
export const foldJob = defineJob({
  name: 'metrics.fold',
  schema: Empty,
  cron: '* * * * *',
  retryLimit: 2,
  async handle(ctx) {
    const rows = await ctx.db.query<{ workspace_id: string }>(`SELECT DISTINCT workspace_id FROM metric_dirty_days`);
    for (const r of rows) await foldDirty(ctx.db, r.workspace_id);
  },
});

/**
 * Time alone settles some figures: an unanswered ticket misses its first-response SLA when the due
 * time passes, with no event. Every 5 minutes, refresh the open tickets whose due time passed in
 * the last 10 minutes (overlap: a missed run is harmless, refreshing is idempotent). Also catches
 * answers changed without an event naming them (calls and chats always tell theirs in an event).
 */
export const sweepJob = defineJob({
  name: 'metrics.sweep',
  schema: Empty,
  cron: '*/5 * * * *',
  retryLimit: 2,
  async handle(ctx) {
    const since = `now() - interval '10 minutes'`;
    const groups = await ctx.db.query<{ workspace_id: string; kind: 'ticket' | 'answer'; ids: string[] }>(
      `SELECT workspace_id, 'ticket' AS kind, array_agg(id)::text[] AS ids FROM tickets
         WHERE (first_response_due_at BETWEEN ${since} AND now()) OR (resolution_due_at BETWEEN ${since} AND now()) GROUP BY workspace_id
       UNION ALL
       SELECT workspace_id, 'answer', array_agg(id)::text[] FROM survey_answers WHERE updated_at > ${since} GROUP BY workspace_id`,
    );
    for (const g of groups) await refreshSources(ctx.db, g.workspace_id, g.kind, g.ids);
  },
});
