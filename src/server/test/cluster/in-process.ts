import { assembleContext } from '../../boot.js';
import type { AppContext } from '../../core/context.js';
import { createPgBus } from '../../core/cluster/bus.js';
import { createPostgresDb } from '../../core/db/client.js';
import { startTestApp } from '../harness.js';

/**
 * A second (third…) app instance in the test's own process, on the same PostgreSQL database as `env`:
 * its own pool, its own listening connection for the cluster bus, no job workers, no clock. For
 * tests of what one instance hears from another (cache invalidation); the child-process instances
 * of instances.ts are for leadership and sockets.
 */
export async function openInProcessInstance(env: AppContext['env'], name: string) {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('openInProcessInstance needs PostgreSQL (DATABASE_URL)');
  const db = createPostgresDb(url, 3);
  const ctx = assembleContext(db, env, { cluster: await createPgBus(db, url, { instanceId: name }), clock: false });
  return startTestApp(ctx, false, async () => {
    await ctx.realtime.close();
    await db.close();
  });
}
