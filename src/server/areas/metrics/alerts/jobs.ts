import { z } from 'zod';
import type { Reaction } from '../../../core/events/reactions.js';
import { defineJob, type JobDefinition } from '../../../core/jobs/define.js';
import { notifyAlertJob } from './notify.js';
import { runDetection } from './run.js';

/** One workspace's detection pass (retried on its own when it fails). */
export const detectJob = defineJob({
  name: 'alerts.detect',
  schema: z.object({ workspaceId: z.uuid() }),
  retryLimit: 2,
  retryDelay: 120,
  expireInSeconds: 900,
  async handle(ctx, data) {
    await runDetection(ctx, data.workspaceId);
  },
});

/** Every hour: one detection job per workspace (singleton per workspace and hour, so a late sweep does not double up). */
export const sweepJob = defineJob({
  name: 'alerts.sweep',
  schema: z.object({}).passthrough(),
  cron: '0 * * * *',
  retryLimit: 1,
  async handle(ctx) {
    const hour = new Date().toISOString().slice(0, 13);
    const workspaces = await ctx.db.query<{ id: string }>(`SELECT id FROM workspaces ORDER BY created_at`);
    for (const w of workspaces) await ctx.jobs.send(detectJob.name, { workspaceId: w.id }, { singletonKey: `${w.id}:${hour}` });
  },
});

/** Early warning: the scheduled check and any processors. */
export const alertJobs: JobDefinition[] = [sweepJob, detectJob, notifyAlertJob];
export const alertReactions: Reaction[] = [];
