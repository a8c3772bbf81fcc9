/**
 * Retention of the workflows' bookkeeping, daily. Two tables grow with every run and are only needed for
 * a while:
 * - workflow_action_effects: an effect's claim (its idempotency key and first result) only has to outlive
 *   the retries of its step (hours); kept WORKFLOW_RETENTION_DAYS, then deleted.
 * - workflow_run_steps of finished runs: each step's input and result (the run log's details) are cleared
 *   WORKFLOW_RETENTION_DAYS after the run ended; the runs and their steps (path, status, timing, errors)
 *   stay, so the run log and the once-per-event guard (unique trigger_key) keep working.
 * Deleted in batches so one pass never holds a long transaction.
 */
import { z } from 'zod';
import type { Sql } from '../../../core/db/types.js';
import { defineJob } from '../../../core/jobs/define.js';

export const WORKFLOW_RETENTION_DAYS = 90;
const BATCH = 5000;

export async function pruneWorkflowData(sql: Sql, days = WORKFLOW_RETENTION_DAYS): Promise<{ effects: number; steps: number }> {
  let effects = 0;
  for (;;) {
    const r = await sql.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM workflow_action_effects WHERE (workspace_id, key) IN (
           SELECT workspace_id, key FROM workflow_action_effects WHERE created_at < now() - make_interval(days => $1::int) LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [days, BATCH],
    );
    effects += r[0].n;
    if (r[0].n < BATCH) break;
  }
  let steps = 0;
  for (;;) {
    const r = await sql.query<{ n: number }>(
      `WITH gone AS (
         UPDATE workflow_run_steps s SET input = NULL, result = NULL
          WHERE s.id IN (
            SELECT s2.id FROM workflow_runs r JOIN workflow_run_steps s2 ON s2.run_id = r.id
             WHERE r.finished_at < now() - make_interval(days => $1::int)
               AND r.status IN ('completed', 'failed', 'stopped', 'cancelled')
               AND (s2.input IS NOT NULL OR s2.result IS NOT NULL)
             LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [days, BATCH],
    );
    steps += r[0].n;
    if (r[0].n < BATCH) break;
  }
  return { effects, steps };
}

export const pruneJob = defineJob({
  name: 'workflows.prune',
  schema: z.object({}).passthrough(),
  cron: '41 3 * * *',
  retryLimit: 1,
  expireInSeconds: 1800,
  async handle(ctx) {
    await pruneWorkflowData(ctx.db);
  },
});
