import { z } from 'zod';
import type { Reaction } from '../../core/events/reactions.js';
import { defineJob } from '../../core/jobs/define.js';
import { recomputeAssociations, staleWorkspaces } from './recompute.js';

export const RECOMPUTE_JOB = 'suggestions.recompute';

/** Relearns one workspace's associations (after orders arrive), or every stale one (the hourly sweep). */
export const recomputeJob = defineJob<{ workspaceId?: string }>({
  name: RECOMPUTE_JOB,
  schema: z.object({ workspaceId: z.string().uuid().optional() }),
  retryLimit: 3,
  retryDelay: 30,
  expireInSeconds: 3600,
  concurrency: 1,
  async handle(ctx, data) {
    const workspaces = data.workspaceId ? [data.workspaceId] : await staleWorkspaces(ctx.db);
    for (const ws of workspaces) await recomputeAssociations(ctx.db, ws);
  },
});

/** Every hour: any workspace whose orders changed since its last run (a safety net for missed reactions). */
export const recomputeStaleJob = defineJob<Record<string, never>>({
  name: 'suggestions.recompute-stale',
  schema: z.object({}).passthrough() as unknown as z.ZodType<Record<string, never>>,
  cron: '23 * * * *',
  retryLimit: 1,
  expireInSeconds: 3600,
  async handle(ctx) {
    for (const ws of await staleWorkspaces(ctx.db)) await recomputeAssociations(ctx.db, ws);
  },
});

/** Seconds an order import has to settle before its workspace is relearnt (one run per import, not per order). */
const SETTLE_SECONDS = 120;

/**
 * Orders written (API, CSV import, shop webhooks) → one recompute of their workspace a little later:
 * while one waits to start, more order events add none, so a burst of thousands is one job.
 */
export const ordersChangedReaction: Reaction = {
  name: 'suggestions-orders-changed',
  handles: ['order.created', 'order.status_changed', 'order.updated'],
  async run(ctx, events) {
    for (const ws of new Set(events.map((e) => e.workspace_id))) {
      await ctx.jobs.sendUnlessWaiting(RECOMPUTE_JOB, { workspaceId: ws }, { singletonKey: `recompute:${ws}`, singletonSeconds: SETTLE_SECONDS, startAfter: SETTLE_SECONDS });
    }
  },
};
