import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/harness.js';
import type { AppContext } from '../context.js';
import { createPostgresDb } from '../db/client.js';
import type { Db } from '../db/types.js';
import { createRealtime, type RealtimeClient } from '../events/realtime.js';
import type { StoredEvent } from '../db/types.js';
import { createLocalBus, createPgBus, MAX_NOTIFY_BYTES } from './bus.js';
import { holdLease, tryAcquire } from './lease.js';
import { countHit } from '../counters/index.js';

type Ctx = AppContext & { close(): Promise<void> };

/** Resolves when cond() holds, checking every 20 ms (no timing asserted: a stuck test fails on the test timeout). */
async function until(cond: () => boolean | Promise<boolean>) {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 20));
}

function client(workspaceId: string, userId: string, topics: string[]) {
  const got: { type: string; [k: string]: unknown }[] = [];
  const c: RealtimeClient = { workspaceId, userId, topics: new Set(topics), send: (p) => got.push(p as (typeof got)[number]) };
  return { c, got };
}

function event(workspaceId: string, ticketId: string, data: Record<string, unknown> = {}): StoredEvent {
  return {
    id: crypto.randomUUID(),
    workspace_id: workspaceId,
    type: 'ticket.updated',
    subject_type: 'ticket',
    subject_id: ticketId,
    actor_type: 'system',
    actor_id: null,
    data,
    created_at: new Date(),
  };
}

describe('leadership lease (cluster_leases)', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('is held by one holder; another takes it only once it expired, with a higher fence', async () => {
    const a = await tryAcquire(ctx.db, 'test-a', 'A', 60);
    expect(a?.fence).toBe(1);
    expect(await tryAcquire(ctx.db, 'test-a', 'B', 60)).toBeUndefined();
    expect((await tryAcquire(ctx.db, 'test-a', 'A', 60))?.fence).toBe(1); // a renewal keeps the fence
    await ctx.db.query(`UPDATE cluster_leases SET expires_at = now() - interval '1 second' WHERE name = 'test-a'`);
    expect((await tryAcquire(ctx.db, 'test-a', 'B', 60))?.fence).toBe(2);
    expect(await tryAcquire(ctx.db, 'test-a', 'A', 60)).toBeUndefined();
  });

  it('runs the work on exactly one holder and moves it when the holder is gone', async () => {
    const running = new Set<string>();
    const starts: string[] = [];
    const hold = (who: string) =>
      holdLease(ctx.db, {
        name: 'test-b',
        holder: who,
        ttlSeconds: 0.6,
        log: () => undefined,
        start: async () => {
          starts.push(who);
          running.add(who);
          return async () => void running.delete(who);
        },
      });
    const a = hold('A');
    await until(() => running.has('A'));
    const b = hold('B');
    // B keeps trying while A renews: A's work is never joined by B's.
    await until(async () => (await ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM cluster_leases WHERE name = 'test-b' AND holder = 'A'`)).n === 1);
    expect([...running]).toEqual(['A']);
    // A stops cleanly: it gives the lease back and B takes over.
    await a.stop();
    expect(running.has('A')).toBe(false);
    await until(() => running.has('B'));
    expect(starts).toEqual(['A', 'B']);
    expect(b.held()).toBe(true);
    // Someone else took the row (as after B's process froze past its lease): B stops its work.
    await ctx.db.query(`UPDATE cluster_leases SET holder = 'C', expires_at = now() + interval '1 minute' WHERE name = 'test-b'`);
    await until(() => !running.has('B'));
    await b.stop();
    expect((await ctx.db.one<{ holder: string }>(`SELECT holder FROM cluster_leases WHERE name = 'test-b'`)).holder).toBe('C');
  });
});

describe('shared rate-limit counters (rate_limit_hits)', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('counts hits of one key in one window, then starts a new window', async () => {
    expect((await countHit(ctx.db, 'k', 60_000)).current).toBe(1);
    expect((await countHit(ctx.db, 'k', 60_000)).current).toBe(2);
    const third = await countHit(ctx.db, 'k', 60_000);
    expect(third.current).toBe(3);
    expect(third.ttl).toBeGreaterThan(0);
    expect(third.ttl).toBeLessThanOrEqual(60_000);
    await ctx.db.query(`UPDATE rate_limit_hits SET window_ends = now() - interval '1 second' WHERE key = 'k'`);
    expect((await countHit(ctx.db, 'k', 60_000)).current).toBe(1);
    expect((await countHit(ctx.db, 'other', 60_000)).current).toBe(1);
  });
});

describe('realtime across instances (LISTEN/NOTIFY)', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('embedded: one process, so the bus stays in-process and delivery is direct', async () => {
    if (ctx.db.kind === 'postgres') return;
    console.info('embedded database: one process by design (PGlite runs inside it), so there is no other instance to relay to');
    const bus = createLocalBus();
    expect(bus.shared).toBe(false);
    const rt = createRealtime(bus);
    const w = crypto.randomUUID();
    const t = crypto.randomUUID();
    const { c, got } = client(w, 'u1', ['inbox']);
    rt.add(c);
    rt.publish([event(w, t)]);
    expect(got.filter((m) => m.type === 'event')).toHaveLength(1);
    await rt.close();
  });

  it('postgres: an instance alone sends no events or notifications over NOTIFY; once another says hello it does, until it leaves', async () => {
    if (ctx.db.kind !== 'postgres') return;
    const url = ctx.env.DATABASE_URL!;
    const dbA: Db = createPostgresDb(url, 3);
    let notifies = 0;
    const countingA: Db = {
      ...dbA,
      query: ((text: string, params?: unknown[]) => {
        if (text.includes('pg_notify')) notifies++;
        return dbA.query(text, params);
      }) as Db['query'],
    };
    const a = createRealtime(await createPgBus(countingA, url, { instanceId: 'alone-A' }));
    const dbB: Db = createPostgresDb(url, 3);
    let b: ReturnType<typeof createRealtime> | undefined;
    const settle = () => new Promise((r) => setTimeout(r, 100));
    try {
      const w = crypto.randomUUID();
      const ticket = crypto.randomUUID();
      await settle();
      const before = notifies;
      a.publish([event(w, ticket)]);
      a.sendToUser(w, 'agent-b', { type: 'notification' });
      await settle();
      expect(notifies).toBe(before);

      b = createRealtime(await createPgBus(dbB, url, { instanceId: 'alone-B' }));
      const onB = client(w, 'agent-b', [`ticket:${ticket}`]);
      b.add(onB.c);
      // B said hello when it connected: A sends again (no sleep asserted: published until it arrives).
      await until(() => {
        a.publish([event(w, ticket)]);
        return onB.got.some((m) => m.type === 'event');
      });
      a.sendToUser(w, 'agent-b', { type: 'notification' });
      await until(() => onB.got.some((m) => m.type === 'notification'));

      // B leaves (bye): A stops sending at once.
      await b.close();
      b = undefined;
      await until(async () => {
        const n = notifies;
        a.publish([event(w, ticket)]);
        await settle();
        return notifies === n;
      });
    } finally {
      await a.close();
      await b?.close();
      await dbA.close();
      await dbB.close();
    }
  });

  it('postgres: events, per-user payloads and presence published on A reach sockets on B; large ones go by id', async () => {
    if (ctx.db.kind !== 'postgres') return;
    const url = ctx.env.DATABASE_URL!;
    // Two instances in one test process: their own pools, their own listening connections.
    const dbA: Db = createPostgresDb(url, 3);
    const dbB: Db = createPostgresDb(url, 3);
    const a = createRealtime(await createPgBus(dbA, url, { instanceId: 'A' }));
    const b = createRealtime(await createPgBus(dbB, url, { instanceId: 'B' }));
    try {
      const w = crypto.randomUUID();
      const ticket = crypto.randomUUID();
      const onB = client(w, 'agent-b', [`ticket:${ticket}`]);
      b.add(onB.c);
      const stranger = client(crypto.randomUUID(), 'x', [`ticket:${ticket}`]);
      b.add(stranger.c);
      // B's agent comes online on A's list through the relay.
      await until(() => a.onlineUserIds(w).has('agent-b'));

      a.publish([event(w, ticket, { note: 'nhỏ' })]);
      await until(() => onB.got.some((m) => m.type === 'event'));

      // Over the NOTIFY limit: written to cluster_relay, the notification carries its id.
      const big = 'điều hoà '.repeat(Math.ceil(MAX_NOTIFY_BYTES / 8));
      a.publish([event(w, ticket, { note: big })]);
      await until(() => onB.got.filter((m) => m.type === 'event').length === 2);
      const last = onB.got.filter((m) => m.type === 'event')[1] as unknown as { event: { data: { note: string } } };
      expect(last.event.data.note).toBe(big);
      expect((await ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM cluster_relay')).n).toBeGreaterThan(0);

      a.sendToUser(w, 'agent-b', { type: 'notification', hello: true });
      await until(() => onB.got.some((m) => m.type === 'notification'));
      expect(stranger.got.filter((m) => m.type === 'event' || m.type === 'notification')).toEqual([]);

      // A's agent comes and goes: B's socket of the same workspace hears both.
      const onA = client(w, 'agent-a', []);
      const remove = a.add(onA.c);
      await until(() => onB.got.some((m) => m.type === 'presence' && m.userId === 'agent-a' && m.online === true));
      expect(b.onlineUserIds(w)).toEqual(new Set(['agent-a', 'agent-b']));
      remove();
      await until(() => onB.got.some((m) => m.type === 'presence' && m.userId === 'agent-a' && m.online === false));
      expect(b.onlineUserIds(w)).toEqual(new Set(['agent-b']));
    } finally {
      await a.close();
      await b.close();
      await dbA.close();
      await dbB.close();
    }
  });
});
