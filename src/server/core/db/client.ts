import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { Db, DbKind, PendingJob, Sql, StoredEvent, Tx } from './types.js';
import { lockDataDir } from './data-dir-lock.js';
import { restrictDataDir } from './data-dir-modes.js';
import { StatementNames } from './statement-names.js';
import { fastTimestamptzParser } from './timestamp-parser.js';

export type { Db, Sql, Tx, StoredEvent, PendingJob } from './types.js';

// Return int8/bigint counts as JS numbers (our counts stay far below 2^53) and keep DATE as text
// (a birthday is a calendar day, not an instant; turning it into a Date shifts it across time zones).
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);
pg.types.setTypeParser(1700, (v) => Number(v));
// timestamptz: the common shape read digit by digit, the rest by pg's own parser (timestamp-parser.ts).
pg.types.setTypeParser(1184, fastTimestamptzParser(pg.types.getTypeParser(1184, 'text')));

type Listener = (events: StoredEvent[]) => void;
type JobWriter = (tx: Tx, jobs: PendingJob[]) => Promise<void>;

/** Rows of the last statement of a multi-statement pg result (pg returns an array for scripts). */
function lastRows(r: { rows: unknown[] } | { rows: unknown[] }[]): unknown[] {
  const last = Array.isArray(r) ? r[r.length - 1] : r;
  return last?.rows ?? [];
}

/**
 * Before COMMIT: the transaction's own last writes (deferred events), then the queue's writer adds the
 * events' reaction jobs and writes every job in this transaction.
 */
async function writeJobs(writer: JobWriter | undefined, tx: Tx) {
  for (const f of tx.beforeCommit ?? []) await f();
  if (tx.jobs.length === 0 && tx.events.length === 0) return;
  if (!writer) {
    if (tx.jobs.length > 0) throw new Error('jobs appended but no job queue is running');
    return;
  }
  await writer(tx, tx.jobs);
}

function sqlHelpers(
  runRows: (text: string, params?: unknown[]) => Promise<unknown[]>,
  exec: (text: string) => Promise<unknown>,
  script: (text: string) => Promise<unknown[]>,
): Sql {
  // The row type is the caller's statement about its SELECT list; the drivers return plain objects.
  const run = async <T>(text: string, params?: unknown[]) => (await runRows(text, params)) as T[];
  return {
    query: run,
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return { rows: await run(text, values) };
      return { rows: await script(text) };
    },
    async exec(text: string) {
      await exec(text);
    },
    async maybeOne<T>(text: string, params?: unknown[]) {
      const rows = await run<T>(text, params);
      return rows[0];
    },
    async one<T>(text: string, params?: unknown[]) {
      const rows = await run<T>(text, params);
      if (rows.length === 0) throw new Error(`Expected a row from: ${text.slice(0, 80)}`);
      return rows[0];
    },
  };
}

class Listeners {
  private list = new Set<Listener>();
  add(l: Listener) {
    this.list.add(l);
    return () => this.list.delete(l);
  }
  emit(events: StoredEvent[]) {
    if (events.length === 0) return;
    for (const l of this.list) {
      try {
        l(events);
      } catch (err) {
        // A failing processor must never undo or block a committed write.
        console.error('event listener failed', err);
      }
    }
  }
}

/**
 * Rows of a parameterised statement on a pool or a transaction's client, under the statement's name
 * when it has one (statement-names.ts). Outside a transaction a named statement the connection could
 * not run as named is run again unnamed; inside one the transaction is already aborted.
 */
function namedRows(target: () => pg.Pool | pg.PoolClient, names: StatementNames, inTx: boolean) {
  return async (text: string, params?: unknown[]): Promise<unknown[]> => {
    const values = params as unknown[] | undefined as never;
    const name = names.nameFor(text, params);
    if (!name) return (await target().query(text, values)).rows;
    try {
      return (await target().query({ name, text, values })).rows;
    } catch (err) {
      if (names.retryUnnamed(text, err) && !inTx) return (await target().query(text, values)).rows;
      throw err;
    }
  };
}

/** How long a pooled PostgreSQL connection may sit idle before it is closed. */
const IDLE_CONNECTION_MS = 5 * 60_000;

/**
 * PostgreSQL server through a pg pool. `prepare`: name hot statements so each connection parses and
 * plans them once (off behind a transaction-pooling pgbouncer before 1.21).
 */
export function createPostgresDb(url: string, poolSize = 20, opts: { prepare?: boolean } = {}): Db {
  // Idle connections are kept for minutes, not pg's 10 s: each holds its parsed statements and the
  // generic plans PostgreSQL settles on after five executions; a reconnect between bursts of requests
  // started both over (measured at 1M customers: 3–12 ms of planning per statement for its first runs).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: IDLE_CONNECTION_MS });
  pool.on('error', (err) => console.error('idle pg client error', err.message));
  const names = new StatementNames(opts.prepare ?? true);
  const listeners = new Listeners();
  let jobWriter: JobWriter | undefined;
  const base = sqlHelpers(
    namedRows(() => pool, names, false),
    (t) => pool.query(t),
    async (t) => lastRows(await pool.query(t)),
  );
  // Separate from `pool`: if transactions holding every pool connection each waited for one more
  // connection from the same pool, none would ever finish. Created on first use.
  let sidePool: pg.Pool | undefined;
  const side = () => {
    if (!sidePool) {
      sidePool = new pg.Pool({ connectionString: url, max: 4 });
      sidePool.on('error', (err) => console.error('idle pg client error', err.message));
    }
    return sidePool;
  };
  const autonomous = sqlHelpers(
    namedRows(side, names, false),
    (t) => side().query(t),
    async (t) => lastRows(await side().query(t)),
  );
  // The job queue's connections (Db.queue): generic plans, set at connection start (no extra round trip).
  let queuePool: pg.Pool | undefined;
  const queueConnections = () => {
    if (!queuePool) {
      queuePool = new pg.Pool({ connectionString: url, max: 6, idleTimeoutMillis: IDLE_CONNECTION_MS, options: '-c plan_cache_mode=force_generic_plan' });
      queuePool.on('error', (err) => console.error('idle pg client error', err.message));
    }
    return queuePool;
  };
  const queue = names.enabled
    ? sqlHelpers(
        namedRows(queueConnections, names, false),
        (t) => queueConnections().query(t),
        async (t) => lastRows(await queueConnections().query(t)),
      )
    : undefined;
  return {
    kind: 'postgres',
    ...base,
    autonomous,
    queue,
    async tx(fn) {
      const client = await pool.connect();
      const events: StoredEvent[] = [];
      try {
        await client.query('BEGIN');
        const tx: Tx = {
          ...sqlHelpers(
            namedRows(() => client, names, true),
            (t) => client.query(t),
            async (t) => lastRows(await client.query(t)),
          ),
          events,
          jobs: [],
        };
        const result = await fn(tx);
        await writeJobs(jobWriter, tx);
        await client.query('COMMIT');
        client.release();
        listeners.emit(events);
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
        throw err;
      }
    },
    onCommittedEvents: (l) => listeners.add(l),
    setJobWriter: (w) => {
      jobWriter = w;
    },
    async close() {
      await pool.end();
      await sidePool?.end();
      await queuePool?.end();
    },
  } as Db;
}

/**
 * Embedded PostgreSQL (PGlite) in a folder, or in memory when dataDir is undefined. The folder is
 * locked for this process (DataDirLockedError when another one has it open) and kept private to the
 * server's user (folders 0700, files 0600) on creation and on every open.
 */
export async function createEmbeddedDb(dataDir?: string, opts: { loadDataDir?: Blob } = {}): Promise<Db> {
  let unlock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    unlock = lockDataDir(dataDir);
  }
  let lite: PGlite;
  try {
    if (dataDir) restrictDataDir(dataDir);
    lite = await PGlite.create({
      dataDir: dataDir ? path.join(dataDir, 'pg') : undefined,
      extensions: { pg_trgm, unaccent },
      // A copy of a prepared database (the tests' migrated template) instead of an empty one.
      loadDataDir: opts.loadDataDir,
    });
    // A first start has just created the cluster's files, with the process umask.
    if (dataDir) restrictDataDir(dataDir);
  } catch (err) {
    unlock();
    throw err;
  }
  const listeners = new Listeners();
  // PGlite has one connection: queries outside a transaction wait for it (PGlite queues them).
  let jobWriter: JobWriter | undefined;
  const base = sqlHelpers(
    async (text, params) => (await lite.query(text, params)).rows,
    (t) => lite.exec(t),
    async (t) => lastRows(await lite.exec(t)),
  );
  return {
    kind: 'embedded' as DbKind,
    ...base,
    async tx(fn) {
      const events: StoredEvent[] = [];
      const result = await lite.transaction(async (t) => {
        const tx: Tx = {
          ...sqlHelpers(
            async (q, p) => (await t.query(q, p)).rows,
            (q) => t.exec(q),
            async (q) => lastRows(await t.exec(q)),
          ),
          events,
          jobs: [],
        };
        const r = await fn(tx);
        await writeJobs(jobWriter, tx);
        return r;
      });
      listeners.emit(events);
      return result;
    },
    onCommittedEvents: (l) => listeners.add(l),
    setJobWriter: (w) => {
      jobWriter = w;
    },
    async close() {
      try {
        await lite.close();
      } finally {
        unlock();
      }
    },
    dump: async () => lite.dumpDataDir('none'),
  } as Db;
}

export async function createDb(opts: { databaseUrl?: string; dataDir?: string; poolSize?: number; prepare?: boolean }): Promise<Db> {
  return opts.databaseUrl ? createPostgresDb(opts.databaseUrl, opts.poolSize, { prepare: opts.prepare }) : createEmbeddedDb(opts.dataDir);
}
