import type { ChannelRegistry } from './channels/registry.js';
import type { Counters } from './counters/index.js';
import type { Db } from './db/types.js';
import type { ReadDb } from './db/read-db.js';
import type { Env } from './env.js';
import type { Realtime } from './events/realtime.js';
import type { Jobs } from './jobs/queue.js';
import type { SecretBox } from './lib/secret-box.js';

/** What every handler, command and query can reach: built once at boot, passed explicitly. */
export interface AppContext {
  db: Db;
  /**
   * Reads for reports and CSV exports: the read replica when DATABASE_REPLICA_URL is set, else `db`.
   * Never for reads that decide a write (those must see the primary's latest state).
   */
  readDb: ReadDb;
  env: Env;
  realtime: Realtime;
  /** Background job queue (pg-boss on the same database). */
  jobs: Jobs;
  /** Encrypts channel credentials at rest. */
  secrets: SecretBox;
  /** The channel adapters (outbound sending, capabilities), by kind. */
  channels: ChannelRegistry;
  /** Counters every instance shares (rate limits, login throttle): the database, or Redis with REDIS_URL. */
  counters: Counters;
  /**
   * Embeds a search question with the workspace's model endpoint, for hybrid knowledge-base retrieval;
   * null when the workspace has no embeddings or the endpoint failed (search is then lexical alone).
   * Given by the area that owns the endpoint settings, wired at boot (core knows no area).
   */
  embedQuery: (workspaceId: string, text: string) => Promise<QueryEmbedding | null>;
}

/** A text's embedding and the model that made it (only passages embedded by the same model compare). */
export interface QueryEmbedding {
  model: string;
  vector: number[];
}

/** Opens the app's context (database, migrations, jobs) for a command-line tool; given by the CLI entry. */
export type OpenContext = () => Promise<AppContext>;
