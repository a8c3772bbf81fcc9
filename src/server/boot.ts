import type { AppContext } from './context.js';
import { createDb } from './db/client.js';
import { migrate } from './db/migrate.js';
import type { Db } from './db/types.js';
import type { Env } from './env.js';
import { createRealtime } from './events/realtime.js';
import { registerProcessors } from './events/processors.js';
import { createJobs } from './jobs/queue.js';
import { allJobDefinitions } from './jobs/registry.js';
import { createSecretBox } from './lib/secret-box.js';

/**
 * The app's context around an open, migrated database: realtime, job queue (not started), secret box
 * and event processors. `keyDir` is where a generated credentials key lives (undefined: in memory).
 */
export function assembleContext(db: Db, env: Env, opts: { keyDir?: string; pollingIntervalSeconds?: number } = {}): AppContext {
  const ctx: AppContext = {
    db,
    env,
    realtime: createRealtime(),
    jobs: createJobs(db, allJobDefinitions(), { pollingIntervalSeconds: opts.pollingIntervalSeconds }),
    secrets: createSecretBox({ keyBase64: env.SECRET_KEY, dataDir: opts.keyDir }),
  };
  registerProcessors(ctx);
  return ctx;
}

/** Database (embedded or PostgreSQL), migrations, realtime, jobs and event processors: the app's context. */
export async function bootContext(env: Env, opts: { databaseUrl?: string; dataDir?: string } = {}): Promise<AppContext> {
  const dataDir = opts.dataDir ?? env.DATA_DIR;
  const db = await createDb({ databaseUrl: opts.databaseUrl ?? env.DATABASE_URL, dataDir });
  await migrate(db);
  return assembleContext(db, env, { keyDir: dataDir });
}
