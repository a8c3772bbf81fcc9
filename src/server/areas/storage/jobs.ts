import { z } from 'zod';
import { defineJob } from '../../core/jobs/define.js';
import { objectStore } from '../../core/storage/index.js';
import { collectGarbage, sweepOrphans } from './collect.js';

/** An object younger than this may belong to an upload whose row is not committed yet. */
export const ORPHAN_GRACE_MS = 24 * 3600_000;

const Empty = z.object({}).passthrough() as unknown as z.ZodType<Record<string, never>>;

/** Every 5 minutes: delete the bucket objects of deleted attachments. */
export const collectStorageJob = defineJob({
  name: 'storage.collect',
  schema: Empty,
  cron: '*/5 * * * *',
  retryLimit: 2,
  async handle(ctx) {
    const store = objectStore();
    if (!store) {
      const left = await ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM storage_garbage');
      if (left.n > 0) console.warn(`storage.collect: ${left.n} objects to delete, but this instance has no S3 settings`);
      return;
    }
    await collectGarbage(ctx.db, store);
  },
});

/** Nightly: delete objects no attachment names (older than a day). */
export const sweepStorageOrphansJob = defineJob({
  name: 'storage.orphans',
  schema: Empty,
  cron: '43 4 * * *',
  retryLimit: 1,
  expireInSeconds: 3600,
  async handle(ctx) {
    const store = objectStore();
    if (!store) return;
    await sweepOrphans(ctx.db, store, { graceMs: ORPHAN_GRACE_MS });
  },
});
