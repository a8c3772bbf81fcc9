import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext } from '../../test/harness.js';
import type { AppContext } from '../context.js';
import { defineJob } from './define.js';
import { createJobs, type Jobs } from './queue.js';

/**
 * A debounce: while a job with the key waits to start, sending it again adds nothing, however long the
 * burst lasts. pg-boss's own singletonSeconds slots alone would split a burst that crosses a slot's edge.
 */
describe('sendUnlessWaiting', () => {
  let ctx: AppContext & { close(): Promise<void> };
  let jobs: Jobs;
  const waiting = async (key: string) =>
    (await ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.debounced' AND singleton_key = $1 AND state = 'created'`, [key])).n;

  beforeAll(async () => {
    ctx = await createTestContext();
    jobs = createJobs(ctx.db, [defineJob({ name: 'test.debounced', schema: z.object({ n: z.number() }), handle: async () => {} })]);
    await jobs.start(ctx, { work: false });
  });
  afterAll(async () => {
    await jobs?.stop();
    await ctx?.close();
  });

  it('adds nothing while one waits, even across a singleton slot’s edge; another key is its own', async () => {
    const first = await jobs.sendUnlessWaiting('test.debounced', { n: 1 }, { singletonKey: 'k1', singletonSeconds: 1, startAfter: 60 });
    expect(first).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1100)); // the next one-second slot
    expect(await jobs.sendUnlessWaiting('test.debounced', { n: 2 }, { singletonKey: 'k1', singletonSeconds: 1, startAfter: 60 })).toBeNull();
    expect(await waiting('k1')).toBe(1);
    // What the slot alone would have done: a second job in the new slot.
    await jobs.send('test.debounced', { n: 3 }, { singletonKey: 'k2', singletonSeconds: 1, startAfter: 60 });
    await new Promise((r) => setTimeout(r, 1100));
    await jobs.send('test.debounced', { n: 4 }, { singletonKey: 'k2', singletonSeconds: 1, startAfter: 60 });
    expect(await waiting('k2')).toBe(2);
  });

  it('queues again once the waiting job has started', async () => {
    await ctx.db.query(`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE name = 'test.debounced' AND singleton_key = 'k1'`);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await jobs.sendUnlessWaiting('test.debounced', { n: 5 }, { singletonKey: 'k1', singletonSeconds: 1, startAfter: 60 })).not.toBeNull();
    expect(await waiting('k1')).toBe(1);
  });
});
