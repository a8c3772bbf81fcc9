import pg from 'pg';
import type { Db, Sql } from './types.js';

/** How far the data reports read is behind the primary. */
export interface ReadLag {
  source: 'primary' | 'replica';
  /** Seconds of replay delay; 0 on the primary or when the replica has replayed all it received; null when the replica does not answer. */
  seconds: number | null;
}

/**
 * Where reports and exports read (`ctx.readDb`): a streaming replica when DATABASE_REPLICA_URL is set,
 * otherwise the primary itself. Reads only: anything that writes (folding rollups first, counting and
 * remembering) stays on `ctx.db`. A replica that is down, or a query the standby cancelled because
 * replay needed its rows, is read again from the primary, so a replica problem slows a report down
 * instead of breaking it.
 */
export interface ReadDb extends Sql {
  readonly source: 'primary' | 'replica';
  lag(): Promise<ReadLag>;
  close(): Promise<void>;
}

/** Reads from the primary (no replica configured; the embedded database). */
export function primaryReadDb(db: Db): ReadDb {
  return {
    source: 'primary',
    query: <T>(t: string, p?: unknown[]) => db.query<T>(t, p),
    maybeOne: <T>(t: string, p?: unknown[]) => db.maybeOne<T>(t, p),
    one: <T>(t: string, p?: unknown[]) => db.one<T>(t, p),
    exec: (t) => db.exec(t),
    executeSql: (t, v) => db.executeSql(t, v),
    lag: async () => ({ source: 'primary', seconds: 0 }),
    close: async () => undefined,
  };
}

/** Replay delay: 0 when everything received is replayed (an idle primary sends nothing to replay). */
export const LAG_SQL = `SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp())) END::float8 AS seconds`;

/** The errors after which the same read is worth running on the primary. */
function replicaUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (!e || typeof e !== 'object') return false;
  if (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'ETIMEDOUT' || e.code === 'ENOTFOUND') return true;
  // 08… connection exceptions, 57P0… the server shutting down or not yet accepting, 40001 with a
  // standby's "conflict with recovery" (replay needed the rows this query was reading).
  if (typeof e.code === 'string' && (e.code.startsWith('08') || e.code.startsWith('57P0'))) return true;
  return e.code === '40001' && /recovery/i.test(e.message ?? '');
}

export function createReplicaReadDb(url: string, primary: Db, opts: { poolSize?: number; log?: (m: string) => void } = {}): ReadDb {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000 });
  pool.on('error', (err) => log(`replica: idle connection error: ${err.message}`));
  const log = opts.log ?? ((m: string) => console.warn(m));
  let warned = 0;
  const onReplica = async <T>(run: (c: Sql) => Promise<T>, fallback: () => Promise<T>): Promise<T> => {
    try {
      return await run(replicaSql);
    } catch (err) {
      if (!replicaUnavailable(err)) throw err;
      // One line a minute at most: a replica that is down would otherwise log every report.
      if (Date.now() - warned > 60_000) {
        warned = Date.now();
        log(`replica: reading from the primary instead (${(err as Error).message})`);
      }
      return fallback();
    }
  };
  const replicaSql: Sql = {
    query: async <T>(t: string, p?: unknown[]) => (await pool.query(t, p)).rows as T[],
    maybeOne: async <T>(t: string, p?: unknown[]) => (await pool.query(t, p)).rows[0] as T | undefined,
    async one<T>(t: string, p?: unknown[]) {
      const rows = (await pool.query(t, p)).rows;
      if (rows.length === 0) throw new Error(`Expected a row from: ${t.slice(0, 80)}`);
      return rows[0] as T;
    },
    exec: async (t) => void (await pool.query(t)),
    executeSql: async (t, v) => {
      const r = (await pool.query(t, v)) as unknown as { rows: unknown[] } | { rows: unknown[] }[];
      return { rows: Array.isArray(r) ? (r[r.length - 1]?.rows ?? []) : r.rows };
    },
  };
  return {
    source: 'replica',
    query: <T>(t: string, p?: unknown[]) => onReplica((s) => s.query<T>(t, p), () => primary.query<T>(t, p)),
    maybeOne: <T>(t: string, p?: unknown[]) => onReplica((s) => s.maybeOne<T>(t, p), () => primary.maybeOne<T>(t, p)),
    one: <T>(t: string, p?: unknown[]) => onReplica((s) => s.one<T>(t, p), () => primary.one<T>(t, p)),
    exec: (t) => onReplica((s) => s.exec(t), () => primary.exec(t)),
    executeSql: (t, v) => onReplica((s) => s.executeSql(t, v), () => primary.executeSql(t, v)),
    async lag() {
      try {
        const r = await replicaSql.one<{ seconds: number }>(LAG_SQL);
        return { source: 'replica', seconds: Math.round(Number(r.seconds) * 10) / 10 };
      } catch {
        return { source: 'replica', seconds: null };
      }
    },
    close: () => pool.end(),
  };
}
