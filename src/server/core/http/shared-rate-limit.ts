import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Counters } from '../counters/index.js';

type Incr = (err: Error | null, result?: { current: number; ttl: number }) => void;
type ChildParams = { routeInfo?: { method?: string | string[]; url?: string } };

/**
 * A store for @fastify/rate-limit whose counters every app instance shares (ctx.counters: PostgreSQL,
 * or Redis with REDIS_URL), so a limit holds across the instances behind the load balancer. Each
 * route's limit gets its own keys (like the plugin's in-memory store, which keeps one map per route).
 */
export function sharedRateLimitStore(counters: Pick<Counters, 'hit'>): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}
    incr(key: string, cb: Incr, timeWindow: number, _max?: number) {
      counters.hit(this.prefix + key, timeWindow).then(
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
