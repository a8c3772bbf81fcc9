import { z } from 'zod';
import { defineJob } from '../../core/jobs/define.js';
import { trainWorkspace } from './commands/train.js';

export const TRAIN_JOB = 'ai.train';

/**
 * Trains a workspace's models (on demand: its id) or every workspace's (nightly, cron at 02:17 UTC,
 * the job's fixed name is its schedule's id). Training reads current data, so a rerun is harmless.
 */
export const trainJob = defineJob({
  name: TRAIN_JOB,
  schema: z.object({ workspaceId: z.string().uuid().optional() }),
  cron: '17 2 * * *',
  retryLimit: 2,
  concurrency: 1,
  expireInSeconds: 3600,
  async handle(ctx, data) {
    const ids = data.workspaceId ? [data.workspaceId] : (await ctx.db.query<{ id: string }>('SELECT id FROM workspaces ORDER BY created_at')).map((w) => w.id);
    for (const id of ids) await trainWorkspace(ctx.db, id);
  },
});
