import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Sql } from '../db/types.js';

type Incr = (err: Error | null, result?: { current: number; ttl: number }) => void;
type ChildParams = { routeInfo?: { method?: string | string[]; url?: string } };

/** One fixed-window count in rate_limit_hits: a fresh window when the last one ended, else one more hit. */
export async function countHit(db: Sql, key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
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

/**
 * A store for @fastify/rate-limit whose counters live in PostgreSQL, so a limit holds across every
 * app instance behind the load balancer (one statement per counted request). Each route's limit gets
 * its own keys (like the plugin's in-memory store, which keeps one map per route). Windows long
 * over are deleted now and then by whoever counts.
 */
export function sharedRateLimitStore(db: Sql): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}
    incr(key: string, cb: Incr, timeWindow: number, _max?: number) {
      if (Math.random() < 0.01) db.query(`DELETE FROM rate_limit_hits WHERE window_ends < now() - interval '1 hour'`).catch(() => undefined);
      countHit(db, this.prefix + key, timeWindow).then(
        (r) => cb(null, r),
        (err: Error) => cb(err),
      );
    }
    child(params: ChildParams) {
      const r = params.routeInfo;
      const prefix = r?.url ? `${[r.method ?? ''].flat().join(',')} ${r.url}|` : '';
      return new SharedRateLimitStore(undefined, prefix);
    }
  }
  // The plugin's published type leaves out the window and max it passes to incr (its own stores read them).
  return SharedRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
