import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { buildApp } from '../../app.js';
import type { AppContext } from '../../core/context.js';
import { createReplicaReadDb, type ReadDb } from '../../core/db/read-db.js';
import { createTestContext, seedWorkspace, type TestApp } from '../harness.js';

/**
 * Reports and exports on a real streaming replica (scripts/pg-replica.sh: a second local cluster made
 * with pg_createcluster + pg_basebackup -R, port 5433). PostgreSQL only: the embedded database has no
 * replica. The test database the harness copies on the primary reaches the replica by replication.
 */
const primaryUrl = process.env.TEST_DATABASE_URL;
const replicaBase = process.env.TEST_REPLICA_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres';

async function replicaAnswers(): Promise<string | undefined> {
  if (!primaryUrl) return 'the embedded database (PGlite) has no read replica; set TEST_DATABASE_URL';
  const c = new pg.Client({ connectionString: replicaBase, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const r = await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    if (!r.rows[0].r) return `${replicaBase} is not a standby`;
    return undefined;
  } catch (err) {
    return `no read replica at ${replicaBase} (${(err as Error).message}); run scripts/pg-replica.sh`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const skipReason = await replicaAnswers();
if (skipReason) console.log(`read-replica.test: skipped — ${skipReason}`);

/** The replica URL of the harness's test database (same name, the replica's host and port). */
const onReplica = (dbUrl: string) => {
  const u = new URL(replicaBase);
  u.pathname = new URL(dbUrl).pathname;
  return u.toString();
};

/** Waits until the replica has replayed everything the primary wrote so far. */
async function caughtUp(ctx: AppContext, replica: pg.Client) {
  const { lsn } = await ctx.db.one<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  for (;;) {
    const r = await replica.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn]);
    if (r.rows[0].ok) return;
    await new Promise((res) => setTimeout(res, 20));
  }
}

describe.skipIf(skipReason !== undefined)('read replica (DATABASE_REPLICA_URL)', () => {
  let t: TestApp;
  let readDb: ReadDb;
  let admin: pg.Client;
  let cookie: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const base = await createTestContext();
    const url = onReplica(base.env.DATABASE_URL!);
    // The copied database reaches the replica within moments; connect once it is there.
    for (;;) {
      const probe = new pg.Client({ connectionString: url });
      try {
        await probe.connect();
        await probe.end();
        break;
      } catch {
        await probe.end().catch(() => undefined);
        await new Promise((res) => setTimeout(res, 50));
      }
    }
    readDb = createReplicaReadDb(url, base.db);
    const ctx: AppContext = { ...base, readDb };
    await ctx.jobs.start(ctx, { work: false });
    const app = await buildApp(ctx);
    await app.ready();
    t = { app, ctx, close: async () => undefined };
    admin = new pg.Client({ connectionString: replicaBase });
    await admin.connect();
    close = async () => {
      await admin.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
      await admin.end();
      await app.close();
      await ctx.jobs.stop();
      await readDb.close();
      await base.close();
    };
    cookie = (await seedWorkspace(t)).admin.cookie;
    await caughtUp(ctx, admin);
  });
  afterAll(async () => close?.());

  it('reads from the standby', async () => {
    expect(readDb.source).toBe('replica');
    expect((await readDb.one<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).r).toBe(true);
  });

  it('shows the lag in /healthz and to the reports page', async () => {
    const health = (await t.app.inject({ method: 'GET', url: '/healthz' })).json();
    expect(health.replica.lagSeconds).toEqual(expect.any(Number));
    const lag = await t.app.inject({ method: 'GET', url: '/api/metrics/data-lag', headers: { cookie } });
    expect(lag.statusCode).toBe(200);
    expect(lag.json()).toMatchObject({ source: 'replica', seconds: expect.any(Number) });
  });

  it('the customers export reads the replica: a customer appears there once replayed', async () => {
    const names = async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/customers/export.csv', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      return (parse(res.body, { columns: true, bom: true }) as Record<string, string>[]).map((r) => r.name);
    };
    // Replay held: the primary has the new customer, the replica (and so the export) does not yet.
    await admin.query('SELECT pg_wal_replay_pause()');
    try {
      const created = await t.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie }, payload: { name: 'Trần Thị Bản Sao', phones: ['0912345678'] } });
      expect(created.statusCode).toBe(201);
      expect(await names()).not.toContain('Trần Thị Bản Sao');
    } finally {
      await admin.query('SELECT pg_wal_replay_resume()');
    }
    await caughtUp(t.ctx, admin);
    expect(await names()).toContain('Trần Thị Bản Sao');
  });

  it('a replica that does not answer: the same read goes to the primary', async () => {
    const down = createReplicaReadDb('postgres://postgres@127.0.0.1:1/none', t.ctx.db, { log: () => undefined });
    try {
      expect((await down.one<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).r).toBe(false);
      expect(await down.lag()).toEqual({ source: 'replica', seconds: null });
    } finally {
      await down.close();
    }
  });
});
