import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdLease, type Lease } from '../../core/cluster/lease.js';
import type { Sql } from '../../core/db/types.js';
import { createTestApp, type TestApp } from '../harness.js';
import { startInstance, until, type Instance } from './instances.js';

/**
 * Scheduled sweeps fire once across instances: the cron clock (pg-boss's timekeeper, which sends each
 * schedule's tick into the queue) runs only on the holder of the `scheduler` lease, and another instance
 * takes it over when the holder dies. Observed through the queue itself: every tick of `metrics.fold`
 * (cron every minute) is one `__pgboss__send-it` job for that minute and one `metrics.fold` job.
 */
const pg = Boolean(process.env.TEST_DATABASE_URL);
const SWEEP = 'metrics.fold';

interface Tick {
  minute: string;
  state: string;
}

/** The clock's ticks for the sweep: one row per minute it fired (pg-boss keys them by minute). */
const ticks = (db: Sql) =>
  db.query<Tick>(
    `SELECT to_char(singleton_on, 'YYYY-MM-DD HH24:MI') AS minute, state FROM pgboss.job
      WHERE name = '__pgboss__send-it' AND singleton_key = $1 ORDER BY singleton_on`,
    [SWEEP],
  );
/** The sweep's own jobs, each a run on one worker. */
const sweeps = async (db: Sql) => (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1', [SWEEP])).n;
const minutesApart = (a: string, b: string) => (Date.parse(`${b}:00Z`) - Date.parse(`${a}:00Z`)) / 60_000;

describe('the cron clock under the scheduler lease (one process, two would-be leaders)', () => {
  let t: TestApp;
  let a: Lease;
  let b: Lease;
  beforeAll(async () => {
    t = await createTestApp();
    // The test app registers no schedules (clock: false); this one, as a booted instance would.
    await t.ctx.db.query(
      `INSERT INTO pgboss.schedule (name, cron, timezone, data, options) VALUES ($1, '* * * * *', 'UTC', '{}', '{}') ON CONFLICT (name) DO NOTHING`,
      [SWEEP],
    );
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await t?.close();
  });

  it('only the holder sends ticks, one per minute; when it stops the other takes over and the next minute still fires once', async () => {
    const clocks: string[] = [];
    const lease = (holder: string) =>
      holdLease(t.ctx.db, {
        name: 'scheduler',
        holder,
        ttlSeconds: 2,
        log: () => undefined,
        start: async () => {
          clocks.push(holder);
          return t.ctx.jobs.startClock();
        },
      });
    a = lease('a');
    b = lease('b');
    await until(async () => (await ticks(t.ctx.db)).length >= 1 && (await sweeps(t.ctx.db)) >= 1);
    expect(clocks).toHaveLength(1);
    const [first, second] = clocks[0] === 'a' ? [a, b] : [b, a];
    expect(first.held()).toBe(true);
    expect(second.held()).toBe(false);

    const before = await ticks(t.ctx.db);
    await first.stop();
    await until(() => second.held());
    expect(clocks).toEqual([clocks[0], clocks[0] === 'a' ? 'b' : 'a']);
    // The next minute's tick comes from the new holder's clock.
    await until(async () => (await ticks(t.ctx.db)).length > before.length);
    const after = await ticks(t.ctx.db);
    const minutes = after.map((r) => r.minute);
    expect(new Set(minutes).size).toBe(minutes.length);
    expect(minutesApart(minutes.at(-2)!, minutes.at(-1)!)).toBe(1);
    const jobs = await sweeps(t.ctx.db);
    expect(jobs).toBeGreaterThanOrEqual(after.filter((r) => r.state === 'completed').length);
    expect(jobs).toBeLessThanOrEqual(after.length);
  }, 200_000);
});

describe('two app instances: scheduled sweeps run once, and move when the clock holder dies', () => {
  if (!pg) {
    it('is a PostgreSQL test', () => {
      console.info('two-instance scheduler test not run: the embedded database lives inside one process; set TEST_DATABASE_URL to run it');
      expect(pg).toBe(false);
    });
    return;
  }
  let t: TestApp;
  let x: Instance;
  let y: Instance;
  beforeAll(async () => {
    t = await createTestApp();
    const key = randomBytes(32).toString('base64');
    [x, y] = await Promise.all([startInstance(t.ctx.env.DATABASE_URL!, key), startInstance(t.ctx.env.DATABASE_URL!, key)]);
  }, 240_000);
  afterAll(async () => {
    for (const i of [x, y]) if (i && i.proc.exitCode === null) i.proc.kill('SIGKILL');
    await t?.close();
  });

  it('each minute fires once on one worker; killing the clock holder hands the clock over within the lease, with no minute twice', async () => {
    const lease = () =>
      t.ctx.db.maybeOne<{ holder: string; fence: number; acquired_at: Date; expires_at: Date }>(
        `SELECT holder, fence, acquired_at, expires_at FROM cluster_leases WHERE name = 'scheduler'`,
      );
    await until(async () => (await lease()) !== null && (await ticks(t.ctx.db)).some((r) => r.state === 'completed'));
    const before = (await lease())!;
    const [holder, other] = before.holder.includes(`:${x.proc.pid}:`) ? [x, y] : [y, x];
    expect(before.holder).toContain(`:${holder.proc.pid}:`);

    holder.proc.kill('SIGKILL');
    await holder.exited;
    const dead = (await lease())!;
    expect(dead.holder).toContain(`:${holder.proc.pid}:`);
    const killedAt = (await t.ctx.db.one<{ now: Date }>('SELECT now()')).now;
    const ticksAtKill = (await ticks(t.ctx.db)).length;
    await until(async () => (await lease())?.holder.includes(`:${other.proc.pid}:`) ?? false);
    const after = (await lease())!;
    expect(after.fence).toBe(before.fence + 1);
    // Never two clocks: the survivor took the lease only once the dead holder's last renewal had expired.
    expect(after.acquired_at.getTime()).toBeGreaterThanOrEqual(dead.expires_at.getTime());
    console.info(`scheduler lease handed over ${((after.acquired_at.getTime() - killedAt.getTime()) / 1000).toFixed(1)} s after the kill (lease 2 s)`);

    // The survivor's clock sends the following minutes' ticks; no minute fires twice or is skipped
    // for more than the hand-over (pg-boss's clock checks every 30 s), and no tick made two sweep jobs.
    await until(async () => (await ticks(t.ctx.db)).filter((r) => r.state === 'completed').length > ticksAtKill);
    const all = await ticks(t.ctx.db);
    const minutes = all.map((r) => r.minute);
    expect(new Set(minutes).size).toBe(minutes.length);
    for (let i = 1; i < minutes.length; i++) expect(minutesApart(minutes[i - 1], minutes[i]), minutes.join(', ')).toBeLessThanOrEqual(2);
    const jobs = await sweeps(t.ctx.db);
    expect(jobs).toBeGreaterThanOrEqual(all.filter((r) => r.state === 'completed').length);
    expect(jobs).toBeLessThanOrEqual(all.length);
  }, 240_000);
});
