import { z } from 'zod';
import { maintainTables } from '../db/maintenance.js';
import { defineJob } from './define.js';

export const MAINTAIN_DB_JOB = 'db.maintain';

/**
 * Every minute (autovacuum's own nap time): statistics and dead rows of the tables that need it, on
 * databases with no autovacuum (the embedded one; a server with it switched off). Elsewhere one
 * settings read and nothing else.
 */
export const maintainDbJob = defineJob<Record<string, never>>({
  name: MAINTAIN_DB_JOB,
  schema: z.object({}).passthrough() as unknown as z.ZodType<Record<string, never>>,
  cron: '* * * * *',
  retryLimit: 0,
  expireInSeconds: 900,
  async handle(ctx) {
    const done = await maintainTables(ctx.db);
    const slow = done.filter((d) => d.ms > 1000);
    if (slow.length) console.warn(`database maintenance: ${slow.map((d) => `${d.care} ${d.table} ${d.ms} ms`).join(', ')}`);
  },
});
