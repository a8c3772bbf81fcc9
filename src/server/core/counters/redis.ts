import { Redis } from 'ioredis';
import type { Counters, ThrottleRecord } from './types.js';

/**
 * The fixed window in one round trip: the first hit creates the key with the window as its expiry, the
 * next ones count in it; when it expires the next hit starts a fresh window (as rate_limit_hits does).
 */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/** Optimistic transactions retried this often before giving up (each round one contender wins). */
const MAX_ROUNDS = 100;

/** Throttle records live as long as a trusted login is remembered by their only user (90 days). */
const RECORD_TTL_MS = 90 * 86_400_000;

type RedisWithHit = Redis & { ttHit(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Counters in Redis (REDIS_URL): every key under `prefix`, so several installs (or test runs) can share
 * one Redis. Rate-limit windows are keys that expire with their window; throttle records are hashes
 * updated with WATCH/MULTI on a connection of their own (WATCH belongs to a connection, and the main
 * one is shared by concurrent requests).
 */
export function redisCounters(url: string, prefix: string): Counters {
  const main = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true }) as RedisWithHit;
  main.defineCommand('ttHit', { numberOfKeys: 1, lua: HIT });
  const idle: Redis[] = [];
  const all: Redis[] = [main];
  const borrow = () => {
    const c = idle.pop();
    if (c) return c;
    const fresh = new Redis(url, { maxRetriesPerRequest: 2 });
    all.push(fresh);
    return fresh;
  };

  return {
    kind: 'redis',
    async hit(key, windowMs) {
      const [current, ttl] = await main.ttHit(`${prefix}rl:${key}`, Math.max(1, Math.round(windowMs)));
      return { current: Number(current), ttl: Number(ttl) };
    },
    records(set) {
      return {
        async update(keys, fn) {
          const names = keys.map((k) => `${prefix}${set}:${k.scope}:${k.key}`);
          const c = borrow();
          try {
            for (let round = 0; round < MAX_ROUNDS; round++) {
              await c.watch(...names);
              const [sec, micro] = await c.time();
              const now = Number(sec) * 1000 + Math.floor(Number(micro) / 1000);
              const hashes = await Promise.all(names.map((n) => c.hgetall(n)));
              const records: ThrottleRecord[] = hashes.map((h) =>
                h.failures === undefined
                  ? { failures: 0, windowStartedAt: now, lastFailedAt: null, lastSucceededAt: null }
                  : {
                      failures: Number(h.failures),
                      windowStartedAt: Number(h.windowStartedAt),
                      lastFailedAt: h.lastFailedAt ? Number(h.lastFailedAt) : null,
                      lastSucceededAt: h.lastSucceededAt ? Number(h.lastSucceededAt) : null,
                    },
              );
              let out: ReturnType<typeof fn>;
              try {
                out = fn(records, now);
              } catch (err) {
                await c.unwatch();
                throw err;
              }
              const m = c.multi();
              for (const [i, n] of names.entries()) {
                const w = out.write[i]!;
                m.hset(n, { failures: w.failures, windowStartedAt: w.windowStartedAt, lastFailedAt: w.lastFailedAt ?? '', lastSucceededAt: w.lastSucceededAt ?? '' });
                m.pexpire(n, RECORD_TTL_MS);
              }
              // null: a watched key changed since it was read; read again and decide again.
              if ((await m.exec()) !== null) return out.result;
              await new Promise((r) => setTimeout(r, Math.random() * 5 * (round + 1)));
            }
            throw new Error(`counters: ${set} stayed contended for ${MAX_ROUNDS} rounds`);
          } finally {
            idle.push(c);
          }
        },
        // Records expire by themselves (RECORD_TTL_MS after their last write).
        async prune() {},
      };
    },
    async close() {
      await Promise.all(all.map((c) => (c.status === 'ready' ? c.quit().then(() => undefined) : Promise.resolve(c.disconnect()))));
    },
  };
}
