import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { OpenContext } from '../../core/context.js';
import { objectStore } from '../../core/storage/index.js';
import { collectGarbage, sweepOrphans } from './collect.js';
import { ORPHAN_GRACE_MS } from './jobs.js';
import { moveAttachments, type Destination } from './move.js';

/**
 * `npm run cli -- storage migrate --to s3|db`: moves existing attachments between the database and the
 * S3-compatible bucket (S3_* settings), with a progress bar; resumable and idempotent.
 * `npm run cli -- storage collect`: deletes deleted attachments' objects and orphans now.
 */
export function registerStorageCommands(program: Command, openContext: OpenContext): void {
  const storage = program.command('storage').description("Attachments' storage (database or S3-compatible bucket)");
  storage
    .command('migrate')
    .description('Move existing attachments to the bucket (--to s3) or back into the database (--to db); safe to stop and run again')
    .requiredOption('--to <where>', 's3 | db')
    .action(async (o: { to: string }) => {
      if (o.to !== 's3' && o.to !== 'db') throw new Error('--to must be s3 or db');
      const ctx = await openContext();
      try {
        const store = objectStore();
        if (!store) throw new Error('No bucket configured: set S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
        const bar = new cliProgress.SingleBar({ format: `→ ${o.to} [{bar}] {percentage}% | {value}/{total} attachments | {eta_formatted}` }, cliProgress.Presets.shades_classic);
        let begun = false;
        const started = performance.now();
        const r = await moveAttachments(ctx.db, store, o.to as Destination, (done, total) => {
          if (!begun) {
            bar.start(total, 0);
            begun = true;
          }
          bar.update(done);
        });
        bar.stop();
        console.log(`${r.moved} attachments moved to ${o.to === 's3' ? 'the bucket' : 'the database'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        if (r.missing.length) console.log(`${r.missing.length} objects were missing from the bucket and stay as they are, e.g. ${r.missing.slice(0, 3).join(', ')}`);
      } finally {
        await ctx.db.close();
      }
    });
  storage
    .command('collect')
    .description("Delete deleted attachments' objects from the bucket, and objects no attachment names (older than --grace-hours)")
    .option('--grace-hours <h>', 'leave objects younger than this (uploads in flight)', String(ORPHAN_GRACE_MS / 3600_000))
    .action(async (o: { graceHours: string }) => {
      const ctx = await openContext();
      try {
        const store = objectStore();
        if (!store) throw new Error('No bucket configured (S3_ENDPOINT, S3_BUCKET …)');
        const gone = await collectGarbage(ctx.db, store);
        const orphans = await sweepOrphans(ctx.db, store, { graceMs: Number(o.graceHours) * 3600_000 });
        console.log(`${gone} objects of deleted attachments deleted; ${orphans.deleted} orphans deleted of ${orphans.seen} objects`);
      } finally {
        await ctx.db.close();
      }
    });
}
