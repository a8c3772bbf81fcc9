import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext } from '../../test/harness.js';
import type { AppContext } from '../context.js';
import { defineJob } from './define.js';
import { createJobs, type Jobs } from './queue.js';

/**
 * The workers find due jobs through one statement per interval (due-poller.ts), not pg-boss's per-queue
 * polling: jobs nobody kicked (written by another instance, delayed, retried) still run, a queue with
 * concurrency 2 runs two at once, and an idle worker asks the database one question per interval.
 */
const waitFor = async (check: () => boolean, ms = 15_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('due-job poller', () => {
  let ctx: AppContext & { close(): Promise<void> };
  let jobs: Jobs;
  const ran: { name: string; n: number; at: number }[] = [];
  let active = 0;
  let mostAtOnce = 0;
  let failuresLeft = 1;

  beforeAll(async () => {
    ctx = await createTestContext();
    const payload = z.object({ n: z.number() });
    jobs = createJobs(ctx.db, [
      defineJob({ name: 'test.plain', schema: payload, handle: async (_c, d) => void ran.push({ name: 'plain', n: d.n, at: Date.now() }) }),
      defineJob({
        name: 'test.slow',
        schema: payload,
        concurrency: 2,
        handle: async (_c, d) => {
          active++;
          mostAtOnce = Math.max(mostAtOnce, active);
          await new Promise((r) => setTimeout(r, 400));
          active--;
          ran.push({ name: 'slow', n: d.n, at: Date.now() });
        },
      }),
      defineJob({
        name: 'test.flaky',
        schema: payload,
        retryDelay: 1,
        retryBackoff: false,
        handle: async (_c, d) => {
          if (failuresLeft-- > 0) throw new Error('not yet');
          ran.push({ name: 'flaky', n: d.n, at: Date.now() });
        },
      }),
    ], { pollingIntervalSeconds: 0.3, clock: false });
    // eager: false — nothing this process writes is kicked, so only the poller can run the jobs.
    await jobs.start(ctx, { work: true, eager: false });
  }, 60_000);
  afterAll(async () => {
    await jobs?.stop();
    await ctx?.close();
  });

  it('runs a job nobody kicked', async () => {
    await jobs.send('test.plain', { n: 1 });
    await waitFor(() => ran.some((r) => r.name === 'plain' && r.n === 1));
  });

  it('runs a delayed job once it is due, not before', async () => {
    const sent = Date.now();
    await jobs.send('test.plain', { n: 2 }, { startAfter: 2 });
    await waitFor(() => ran.some((r) => r.name === 'plain' && r.n === 2));
    expect(ran.find((r) => r.n === 2)!.at - sent).toBeGreaterThanOrEqual(1500);
  });

  it('runs as many jobs of a queue at once as its concurrency allows, and every one', async () => {
    for (const n of [10, 11, 12, 13]) await jobs.send('test.slow', { n });
    await waitFor(() => ran.filter((r) => r.name === 'slow').length === 4);
    expect(mostAtOnce).toBe(2);
    expect(ran.filter((r) => r.name === 'slow').map((r) => r.n).sort()).toEqual([10, 11, 12, 13]);
  });

  it('retries a failed job after its delay', async () => {
    await jobs.send('test.flaky', { n: 20 });
    await waitFor(() => ran.some((r) => r.name === 'flaky'));
    expect(failuresLeft).toBe(-1);
  });

  it('stops looking when stopped, and a job sent afterwards waits in the queue', async () => {
    await jobs.stop();
    await jobs.send('test.plain', { n: 30 }).catch(() => null);
    await new Promise((r) => setTimeout(r, 1000));
    expect(ran.some((r) => r.n === 30)).toBe(false);
  });
});

describe('an idle worker', () => {
  it('asks the database one question per interval, however many queues it serves', async () => {
    const ctx = await createTestContext();
    let statements = 0;
    // Counts what the queue sends (pg-boss goes through executeSql, the poller through query), on the Db
    // or on its queue connections (Db.queue, PostgreSQL).
    const counting = <T extends object>(sql: T): T =>
      new Proxy(sql, {
        get(target, key, receiver) {
          const v = Reflect.get(target, key, receiver) as unknown;
          if ((key === 'query' || key === 'executeSql') && typeof v === 'function') {
            return (...args: unknown[]) => {
              statements++;
              return (v as (...a: unknown[]) => unknown).apply(target, args);
            };
          }
          if (key === 'queue' && v) return counting(v as object);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    const counted = counting(ctx.db);
    const payload = z.object({ n: z.number() });
    const queues = Array.from({ length: 12 }, (_, i) => defineJob({ name: `test.idle-${i}`, schema: payload, handle: async () => undefined }));
    const jobs = createJobs(counted, queues, { pollingIntervalSeconds: 0.25, clock: false });
    try {
      await jobs.start(ctx, { work: true, eager: false });
      await new Promise((r) => setTimeout(r, 500));
      const before = statements;
      await new Promise((r) => setTimeout(r, 2000));
      // 8 intervals: 8 statements (and pg-boss's own upkeep, rarely); one fetch per queue would be ~96.
      expect(statements - before).toBeLessThanOrEqual(12);
      expect(statements - before).toBeGreaterThanOrEqual(4);
    } finally {
      await jobs.stop();
      await ctx.close();
    }
  }, 60_000);
});
