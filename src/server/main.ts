import { loadEnv } from './core/env.js';
import { bootContext } from './boot.js';
import { buildApp } from './app.js';
import { startChannels } from './areas/channels/index.js';
import { holdLease } from './core/cluster/lease.js';

/** The lease whose holder runs the single-run listeners (IMAP pollers). */
const CHANNELS_LEASE = 'channel-listeners';
/** The lease whose holder runs the cron clock (scheduled sweeps, token refreshes …: ticks any worker runs). */
const SCHEDULER_LEASE = 'scheduler';

/** Boot: env → db → migrations → http (+ demo data with --demo). */
async function main() {
  // Files this process creates (the embedded database's, uploads, the credentials key) are the server
  // user's alone; PGlite creates its files with the process umask.
  process.umask(0o077);
  const env = loadEnv();
  const ctx = await bootContext(env);
  if (process.argv.includes('--demo')) {
    const { seedDemoIfEmpty } = await import('./demo/demo.js');
    await seedDemoIfEmpty(ctx, { customers: Number(argValue('--customers') ?? 300) });
  }
  if (!env.HTTP && !env.WORKERS) throw new Error('HTTP=false and WORKERS=false: this instance would do nothing');
  // HTTP=false: a worker-only instance (jobs and listeners, no port).
  const app = env.HTTP ? await buildApp(ctx, { logger: { level: env.LOG_LEVEL }, serveWeb: true, sharedRateLimits: ctx.db.kind === 'postgres' }) : undefined;
  if (app) await app.listen({ port: env.PORT, host: env.HOST });
  // Jobs (outbound delivery …) and channel listeners run here unless WORKERS=false (an HTTP-only instance).
  // Every worker runs jobs (the queue hands each job to one of them) and the SMTP receiver; the IMAP
  // pollers run on the one worker that holds the leadership lease, and move when it dies; so does the
  // cron clock that sends the scheduled sweeps' ticks (its own lease).
  // An HTTP-only instance does not run its own writes' reactions either (the eager path): workers take them.
  await ctx.jobs.start(ctx, { work: env.WORKERS, eager: env.WORKERS });
  const stopChannels = env.WORKERS ? await startChannels(ctx, 'every') : async () => undefined;
  const holder = ctx.realtime.cluster.instanceId;
  const leases = env.WORKERS
    ? [
        holdLease(ctx.db, { name: CHANNELS_LEASE, holder, ttlSeconds: env.LEADER_LEASE_SECONDS, start: () => startChannels(ctx, 'leader') }),
        holdLease(ctx.db, { name: SCHEDULER_LEASE, holder, ttlSeconds: env.LEADER_LEASE_SECONDS, start: () => ctx.jobs.startClock() }),
      ]
    : [];
  const where = ctx.db.kind === 'embedded' ? `embedded database in ${env.DATA_DIR}` : 'PostgreSQL';
  const role = [env.HTTP ? 'http' : '', env.WORKERS ? 'workers' : ''].filter(Boolean).join(' + ');
  console.log(app ? `\nTận Tâm is running at http://localhost:${env.PORT} (${where}; ${role})\n` : `\nTận Tâm worker is running (${where}; ${role})\n`);
  const stop = async () => {
    await Promise.all(leases.map((l) => l.stop()));
    await stopChannels();
    await ctx.jobs.stop();
    await app?.close();
    await ctx.realtime.close();
    await ctx.readDb.close();
    await ctx.counters.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
