import type { Db, Sql } from '../db/types.js';
import type { Counters, ThrottleRecord, WindowCount } from './types.js';

/** One fixed-window count in rate_limit_hits: a fresh window when the last one ended, else one more hit. */
export async function countHit(db: Sql, key: string, windowMs: number): Promise<WindowCount> {
  const r = await db.one<{ hits: number; ttl: number }>(
    `INSERT INTO rate_limit_hits AS h (key, hits, window_ends) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN h.window_ends <= now() THEN 1 ELSE h.hits + 1 END,
       window_ends = CASE WHEN h.window_ends <= now() THEN EXCLUDED.window_ends ELSE h.window_ends END
     RETURNING hits, GREATEST(0, ceil(extract(epoch FROM (window_ends - now())) * 1000))::int AS ttl`,
    [key, windowMs],
  );
  return { current: Number(r.hits), ttl: Number(r.ttl) };
}

interface Row {
  scope: string;
  key: string;
  failures: number;
  window_started_at: Date;
  last_failed_at: Date | null;
  last_succeeded_at: Date | null;
  now: Date;
}

const ms = (d: Date | null) => (d ? new Date(d).getTime() : null);

/** Counters in PostgreSQL (or the embedded database): rate_limit_hits and the login_throttle table. */
export function postgresCounters(db: Db): Counters {
  return {
    kind: 'postgres',
    hit(key, windowMs) {
      // Windows long over are deleted now and then by whoever counts.
      if (Math.random() < 0.01) db.query(`DELETE FROM rate_limit_hits WHERE window_ends < now() - interval '1 hour'`).catch(() => undefined);
      return countHit(db, key, windowMs);
    },
    records(set) {
      const table = set; // the one set there is; its table has the record's columns
      return {
        update: (keys, fn) =>
          db.tx(async (tx) => {
            const values = keys.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ');
            const params = keys.flatMap((k) => [k.scope, k.key]);
            await tx.query(`INSERT INTO ${table} (scope, key) VALUES ${values} ON CONFLICT DO NOTHING`, params);
            // One order for every update (scope, key), so two never wait on each other's rows crosswise.
            const rows = await tx.query<Row>(
              `SELECT scope, key, failures, window_started_at, last_failed_at, last_succeeded_at, now() AS now FROM ${table}
               WHERE (scope, key) IN (${values}) ORDER BY scope, key FOR UPDATE`,
              params,
            );
            const by = new Map(rows.map((r) => [`${r.scope}\n${r.key}`, r]));
            const mine = keys.map((k) => by.get(`${k.scope}\n${k.key}`)!);
            const now = new Date(rows[0]!.now).getTime();
            const records: ThrottleRecord[] = mine.map((r) => ({
              failures: Number(r.failures),
              windowStartedAt: ms(r.window_started_at)!,
              lastFailedAt: ms(r.last_failed_at),
              lastSucceededAt: ms(r.last_succeeded_at),
            }));
            const { write, result } = fn(records, now);
            for (const [i, k] of keys.entries()) {
              const w = write[i]!;
              const r = records[i]!;
              if (w.failures === r.failures && w.windowStartedAt === r.windowStartedAt && w.lastFailedAt === r.lastFailedAt && w.lastSucceededAt === r.lastSucceededAt) continue;
              await tx.query(
                `UPDATE ${table} SET failures = $3, window_started_at = to_timestamp($4 / 1000.0), last_failed_at = to_timestamp($5 / 1000.0),
                   last_succeeded_at = to_timestamp($6 / 1000.0) WHERE scope = $1 AND key = $2`,
                [k.scope, k.key, w.failures, w.windowStartedAt, w.lastFailedAt, w.lastSucceededAt],
              );
            }
            return result;
          }),
        async prune(days) {
          await db.query(`DELETE FROM ${table} WHERE greatest(window_started_at, last_failed_at, last_succeeded_at) < now() - make_interval(days => $1)`, [days]);
        },
      };
    },
    async close() {},
  };
}
