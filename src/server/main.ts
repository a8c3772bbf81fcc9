import { loadEnv } from './core/env.js';
import { bootContext } from './boot.js';
import { buildApp } from './app.js';
import { startChannels } from './areas/channels/index.js';

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
  const app = await buildApp(ctx, { logger: { level: env.LOG_LEVEL }, serveWeb: true });
  await app.listen({ port: env.PORT, host: env.HOST });
  // Jobs (outbound delivery …) and channel listeners (IMAP, SMTP receiver) run here unless WORKERS=false.
  await ctx.jobs.start(ctx, { work: env.WORKERS });
  const stopChannels = env.WORKERS ? await startChannels(ctx) : async () => undefined;
  const where = ctx.db.kind === 'embedded' ? `embedded database in ${env.DATA_DIR}` : 'PostgreSQL';
  console.log(`\nTận Tâm is running at http://localhost:${env.PORT} (${where})\n`);
  const stop = async () => {
    await stopChannels();
    await ctx.jobs.stop();
    await app.close();
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
