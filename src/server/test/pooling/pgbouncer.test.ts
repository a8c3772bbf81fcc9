import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleContext } from '../../boot.js';
import { buildApp } from '../../app.js';
import type { AppContext } from '../../core/context.js';
import { createPgBus, type ClusterBus } from '../../core/cluster/bus.js';
import { createPostgresDb } from '../../core/db/client.js';
import { migrate } from '../../core/db/migrate.js';
import type { Db } from '../../core/db/types.js';
import { loadEnv } from '../../core/env.js';
import { createRealtime, type Realtime, type RealtimeClient } from '../../core/events/realtime.js';
import { seedToken, seedWorkspace, type TestApp } from '../harness.js';

/**
 * The app through pgbouncer in transaction pooling mode (scripts/pgbouncer-test.sh, 127.0.0.1:16432),
 * the way a host runs it: every statement of the app, the migrations and the job queue go through the
 * pooler (a server connection per transaction, no session state, no named prepared statements), and
 * only the LISTEN connection goes straight to PostgreSQL (DATABASE_LISTEN_URL). PostgreSQL only.
 */
const primaryUrl = process.env.TEST_DATABASE_URL;
const bouncerBase = process.env.TEST_PGBOUNCER_URL ?? 'postgres://postgres@127.0.0.1:16432/postgres';

async function bouncerAnswers(): Promise<string | undefined> {
  if (!primaryUrl) return 'pgbouncer fronts a PostgreSQL server; the embedded database (PGlite) has none — set TEST_DATABASE_URL';
  const c = new pg.Client({ connectionString: bouncerBase, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (err) {
    return `no pgbouncer at ${bouncerBase} (${(err as Error).message}); run scripts/pgbouncer-test.sh`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const skipReason = await bouncerAnswers();
if (skipReason) console.log(`pgbouncer.test: skipped — ${skipReason}`);

const withDb = (base: string, name: string) => {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: primaryUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function until(cond: () => boolean | Promise<boolean>) {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(skipReason !== undefined)('through pgbouncer (transaction pooling)', () => {
  const name = `tt_pgb_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  let pooled: string;
  let direct: string;
  let db: Db;
  let dbB: Db;
  let busB: ClusterBus;
  let rtB: Realtime;
  let t: TestApp;
  let ctx: AppContext;

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    pooled = withDb(bouncerBase, name);
    direct = withDb(primaryUrl!, name);
    // As boot.ts chooses with DATABASE_LISTEN_URL set: no named statements (pgbouncer 1.18 does not keep them).
    db = createPostgresDb(pooled, 20, { prepare: false });
    // The migrations themselves go through the pooler (each in its own transaction, a transaction-scoped lock).
    await migrate(db);
    const env = loadEnv({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: pooled, DATABASE_LISTEN_URL: direct });
    ctx = assembleContext(db, env, { pollingIntervalSeconds: 0.5, clock: false, cluster: await createPgBus(db, direct, { instanceId: 'A', log: () => undefined }) });
    await ctx.jobs.start(ctx, { work: true });
    const app = await buildApp(ctx);
    await app.ready();
    t = { app, ctx, close: async () => undefined };
    // A second instance's realtime: its own pool through the pooler, its own direct LISTEN connection.
    dbB = createPostgresDb(pooled, 4, { prepare: false });
    busB = await createPgBus(dbB, direct, { instanceId: 'B', log: () => undefined });
    rtB = createRealtime(busB);
  }, 120_000);

  afterAll(async () => {
    await t?.app.close();
    await ctx?.jobs.stop();
    await ctx?.realtime.close();
    await rtB?.close();
    await dbB?.close();
    await db?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('really goes through the pooler', async () => {
    // pgbouncer answers SHOW POOLS on its admin database; our database has a pool there.
    const c = new pg.Client({ connectionString: withDb(bouncerBase, 'pgbouncer') });
    await c.connect();
    try {
      const pools = await c.query<{ database: string; pool_mode: string }>('SHOW POOLS');
      expect(pools.rows.find((r) => r.database === name)?.pool_mode).toBe('transaction');
    } finally {
      await c.end();
    }
  });

  it('ingests concurrent messages, runs their jobs and delivers realtime to the other instance', async () => {
    const w = await seedWorkspace(t);
    const bearer = `Bearer ${await seedToken(t, w.admin.cookie)}`;
    const got: { type: string }[] = [];
    const onB: RealtimeClient = { workspaceId: w.workspaceId, userId: 'agent-b', topics: new Set(['inbox']), send: (p) => got.push(p as { type: string }) };
    rtB.add(onB);

    const send = (i: number, externalId = `m-${i}`) =>
      t.app.inject({
        method: 'POST',
        url: '/api/inbound/messages',
        headers: { authorization: bearer },
        payload: { channel: 'zalo', externalId, from: { kind: 'phone', value: `09120000${String(i % 20).padStart(2, '0')}`, name: `Khách ${i % 20}` }, body: `Tin nhắn số ${i}` },
      });
    // 60 messages from 20 customers, all at once, plus the same message delivered 10 times.
    const results = await Promise.all([...Array.from({ length: 60 }, (_, i) => send(i)), ...Array.from({ length: 10 }, () => send(0, 'same'))]);
    expect(results.map((r) => r.statusCode).filter((s) => s !== 200 && s !== 201)).toEqual([]);
    const count = async (sql: string) => (await db.one<{ n: number }>(sql, [w.workspaceId])).n;
    expect(await count(`SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1`)).toBe(61);
    expect(await count(`SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1 AND merged_into_id IS NULL`)).toBe(20);

    // Jobs (durable reactions: metric samples from the new tickets) ran through the pooler too.
    await ctx.jobs.drain();
    expect(await count(`SELECT count(*)::int AS n FROM metric_samples WHERE workspace_id = $1`)).toBeGreaterThan(0);

    // Realtime: instance A's commits reach a socket on B (NOTIFY through the pooler, LISTEN direct).
    await until(() => got.some((m) => m.type === 'event'));
  });

  it('named statements switched on by mistake fall back to unnamed instead of failing', async () => {
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(String(m));
    const misconfigured = createPostgresDb(pooled, 6, { prepare: true });
    try {
      // Many connections, each preparing the same texts, while the pooler moves them between server connections.
      const rounds = await Promise.all(
        Array.from({ length: 120 }, (_, i) => misconfigured.one<{ x: number }>(i % 2 ? 'SELECT $1::int + 1 AS x' : 'SELECT $1::int - 1 AS x', [i])),
      );
      expect(rounds.map((r) => r.x)).toEqual(Array.from({ length: 120 }, (_, i) => (i % 2 ? i + 1 : i - 1)));
      expect(warnings.filter((w) => /DATABASE_PREPARED_STATEMENTS=false/.test(w)).length).toBeLessThanOrEqual(1);
    } finally {
      console.warn = warn;
      await misconfigured.close();
    }
  });
});
