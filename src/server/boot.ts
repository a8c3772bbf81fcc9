import type { Area } from './core/area.js';
import { createChannelRegistry } from './core/channels/registry.js';
import { deliverOutboundJob } from './core/channels/outbox.js';
import type { AppContext } from './core/context.js';
import { createDb } from './core/db/client.js';
import { migrate } from './core/db/migrate.js';
import { preparedStatementsWanted } from './core/db/statement-names.js';
import type { Db } from './core/db/types.js';
import type { Env } from './core/env.js';
import { registerReactions } from './core/events/reactions.js';
import { createRealtime } from './core/events/realtime.js';
import { createPgBus, type ClusterBus } from './core/cluster/bus.js';
import { createJobs } from './core/jobs/queue.js';
import { maintainDbJob } from './core/jobs/maintain-db.js';
import { createReplicaReadDb, primaryReadDb, type ReadDb } from './core/db/read-db.js';
import { createSecretBox } from './core/lib/secret-box.js';
import { createCounters } from './core/counters/index.js';
import { createObjectStore, useObjectStore } from './core/storage/index.js';
import { accessArea } from './areas/access/index.js';
import { callsArea } from './areas/calls/index.js';
import { channelAdapters, channelsArea } from './areas/channels/index.js';
import { customersArea } from './areas/customers/index.js';
import { journeyArea } from './areas/journey/index.js';
import { metricsArea } from './areas/metrics/index.js';
import { notificationsArea } from './areas/notifications/index.js';
import { segmentsArea } from './areas/segments/index.js';
import { ordersArea } from './areas/orders/index.js';
import { settingsArea } from './areas/settings/index.js';
import { suggestionsArea } from './areas/suggestions/index.js';
import { surveysArea } from './areas/surveys/index.js';
import { ticketsArea } from './areas/tickets/index.js';
import { noticesArea } from './areas/notices/index.js';
import { workflowsArea } from './areas/workflows/index.js';
import { webhooksArea } from './areas/webhooks/index.js';
import { auditArea } from './areas/audit/index.js';
import { aiArea } from './areas/ai/index.js';
import { knowledgeArea } from './areas/knowledge/index.js';
import { assistantArea, queryEmbedding } from './areas/assistant/index.js';
import { storageArea } from './areas/storage/index.js';

/** Every area of the app, in the order their routes are registered. The one place that knows them all. */
export const areas: readonly Area[] = [
  accessArea, settingsArea, ticketsArea, customersArea, channelsArea, callsArea, surveysArea, metricsArea, notificationsArea, ordersArea, journeyArea, segmentsArea, suggestionsArea,
  noticesArea, workflowsArea, webhooksArea, auditArea, aiArea, knowledgeArea, assistantArea, storageArea,
];

/**
 * The app's context around an open, migrated database: realtime, channel adapters, the job queue (not
 * started) with every area's jobs and durable reactions, and the secret box. `keyDir` is where a
 * generated credentials key lives (undefined: in memory).
 */
export function assembleContext(db: Db, env: Env, opts: { keyDir?: string; pollingIntervalSeconds?: number; clock?: boolean; cluster?: ClusterBus; readDb?: ReadDb } = {}): AppContext {
  const reactions = areas.flatMap((a) => a.reactions ?? []);
  // Where new attachments' bytes go (the database, or an S3-compatible bucket).
  useObjectStore(createObjectStore(env));
  const ctx: AppContext = {
    db,
    readDb: opts.readDb ?? primaryReadDb(db),
    env,
    realtime: createRealtime(opts.cluster),
    channels: createChannelRegistry(channelAdapters),
    jobs: createJobs(db, [deliverOutboundJob, maintainDbJob, ...areas.flatMap((a) => a.jobs ?? [])], {
      pollingIntervalSeconds: opts.pollingIntervalSeconds,
      clock: opts.clock,
      reactions,
      beforeCommit: areas.flatMap((a) => a.beforeCommit ?? []),
    }),
    secrets: createSecretBox({ keyBase64: env.SECRET_KEY, dataDir: opts.keyDir }),
    counters: createCounters(env, db),
    // The knowledge base's search reaches the assistant's model endpoint only through this port.
    embedQuery: (workspaceId, text) => queryEmbedding(ctx, workspaceId, text),
  };
  registerReactions(ctx, reactions);
  return ctx;
}

/**
 * Database (embedded or PostgreSQL), migrations, and the context with its job queue ready (queues
 * created, no workers yet: main.ts adds them), so any write from here on can append its reactions.
 */
export async function bootContext(env: Env, opts: { databaseUrl?: string; dataDir?: string } = {}): Promise<AppContext> {
  const dataDir = opts.dataDir ?? env.DATA_DIR;
  const prepare = preparedStatementsWanted(env.DATABASE_PREPARED_STATEMENTS, env.DATABASE_LISTEN_URL !== undefined);
  const db = await createDb({ databaseUrl: opts.databaseUrl ?? env.DATABASE_URL, dataDir, poolSize: env.DATABASE_POOL_SIZE, prepare });
  await migrate(db);
  // On PostgreSQL other instances may share the database: realtime goes through LISTEN/NOTIFY.
  const databaseUrl = opts.databaseUrl ?? env.DATABASE_URL;
  const cluster = db.kind === 'postgres' && databaseUrl ? await createPgBus(db, env.DATABASE_LISTEN_URL ?? databaseUrl) : undefined;
  // Reports and exports read from the replica when one is configured (PostgreSQL only).
  const readDb = db.kind === 'postgres' && env.DATABASE_REPLICA_URL ? createReplicaReadDb(env.DATABASE_REPLICA_URL, db) : undefined;
  const ctx = assembleContext(db, env, { keyDir: dataDir, cluster, readDb });
  await ctx.jobs.start(ctx, { work: false });
  return ctx;
}
