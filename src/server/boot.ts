import type { AppContext } from './context.js';
import { createDb } from './db/client.js';
import { migrate } from './db/migrate.js';
import type { Env } from './env.js';
import { createRealtime } from './events/realtime.js';
import { registerProcessors } from './events/processors.js';

/** Database (embedded or PostgreSQL), migrations, realtime and event processors: the app's context. */
export async function bootContext(env: Env, opts: { databaseUrl?: string; dataDir?: string } = {}): Promise<AppContext> {
  const db = await createDb({ databaseUrl: opts.databaseUrl ?? env.DATABASE_URL, dataDir: opts.dataDir ?? env.DATA_DIR });
  await migrate(db);
  const realtime = createRealtime();
  const ctx: AppContext = { db, env, realtime };
  registerProcessors(ctx);
  return ctx;
}
