import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/harness.js';
import { createCounters, type Counters } from './index.js';

/**
 * The two stores behind ctx.counters keep the same semantics: a fixed window per key, and atomic
 * read-modify-write of throttle records under concurrency. The database store runs on the test
 * database (embedded or PostgreSQL); the Redis one on the local Redis (REDIS_TEST_URL, default
 * 127.0.0.1:6379), which CI starts; without one it says why it is skipped.
 */
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const u = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const s = net.connect(Number(u.port || 6379), u.hostname, () => (s.end(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Ctx = Awaited<ReturnType<typeof createTestContext>>;
let ctx: Ctx;
const stores: Record<'database' | 'redis', Counters | undefined> = { database: undefined, redis: undefined };
let redisUp = false;

beforeAll(async () => {
  ctx = await createTestContext();
  stores.database = createCounters({ ...ctx.env, REDIS_URL: undefined }, ctx.db);
  redisUp = await redisAnswers();
  // A prefix of its own: other test runs may share this Redis at the same time.
  if (redisUp) stores.redis = createCounters({ ...ctx.env, REDIS_URL, REDIS_KEY_PREFIX: `tt-test-${randomBytes(6).toString('hex')}:` }, ctx.db);
  else if (process.env.CI) throw new Error(`Redis does not answer at ${REDIS_URL}; .ci/run starts it`);
  else console.info(`Redis store not tested: nothing answers at ${REDIS_URL} (start redis-server, or set REDIS_TEST_URL)`);
}, 120_000);
afterAll(async () => {
  await stores.redis?.close();
  await ctx?.close();
});

describe.each(['database', 'redis'] as const)('counters in the %s', (which) => {
  const store = () => stores[which]!;
  const skip = () => which === 'redis' && !redisUp;

  it('is the store REDIS_URL chooses', () => {
    if (skip()) return;
    expect(store().kind).toBe(which === 'redis' ? 'redis' : 'postgres');
  });

  it('counts hits in a fixed window and starts a fresh one when it ends', { timeout: 30_000 }, async () => {
    if (skip()) return;
    const key = `k-${randomBytes(4).toString('hex')}`;
    expect((await store().hit(key, 60_000)).current).toBe(1);
    expect((await store().hit(key, 60_000)).current).toBe(2);
    const third = await store().hit(key, 60_000);
    expect(third.current).toBe(3);
    expect(third.ttl).toBeGreaterThan(0);
    expect(third.ttl).toBeLessThanOrEqual(60_000);
    expect((await store().hit(`${key}-other`, 60_000)).current).toBe(1);
    // Concurrent hits are each counted once.
    const many = await Promise.all(Array.from({ length: 20 }, () => store().hit(`${key}-burst`, 60_000)));
    expect(many.map((r) => r.current).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // A short window: once over, the next hit starts again at 1.
    expect((await store().hit(`${key}-short`, 300)).current).toBe(1);
    expect((await store().hit(`${key}-short`, 300)).current).toBe(2);
    await sleep(700);
    expect((await store().hit(`${key}-short`, 300)).current).toBe(1);
  });

  it('updates throttle records atomically: concurrent updates all count; a refused one writes nothing', { timeout: 60_000 }, async () => {
    if (skip()) return;
    const keys = [
      { scope: 'account', key: randomBytes(8).toString('hex') },
      { scope: 'pair', key: randomBytes(8).toString('hex') },
    ];
    const records = store().records('login_throttle');
    const first = await records.update(keys, (rs, now) => ({ write: rs, result: { rs, now } }));
    expect(first.rs.map((r) => r.failures)).toEqual([0, 0]);
    expect(first.rs[0]!.lastFailedAt).toBeNull();
    await Promise.all(
      Array.from({ length: 15 }, () => records.update(keys, (rs, now) => ({ write: rs.map((r) => ({ ...r, failures: r.failures + 1, lastFailedAt: now })), result: undefined }))),
    );
    await expect(
      records.update(keys, (rs) => {
        if (rs[0]!.failures >= 15) throw new Error('refused');
        return { write: rs.map((r) => ({ ...r, failures: 999 })), result: undefined };
      }),
    ).rejects.toThrow('refused');
    const after = await records.update(keys, (rs, now) => ({ write: rs, result: { rs, now } }));
    expect(after.rs.map((r) => r.failures)).toEqual([15, 15]);
    expect(after.rs[1]!.lastFailedAt).not.toBeNull();
    expect(after.rs[1]!.lastFailedAt!).toBeLessThanOrEqual(after.now);
    expect(after.rs[0]!.windowStartedAt).toBe(first.rs[0]!.windowStartedAt);
  });
});
