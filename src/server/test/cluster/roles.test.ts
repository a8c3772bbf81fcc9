import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../harness.js';
import { connectSocket } from '../fixtures/webchat.js';
import { startInstance, until, type Instance } from './instances.js';

/**
 * Instance roles on one PostgreSQL: `WORKERS=false` serves HTTP and runs no job (not even its own
 * writes' reactions) and holds no lease; `HTTP=false` opens no port and runs the jobs and the
 * single-run work (IMAP pollers, cron clock).
 */
const pg = Boolean(process.env.TEST_DATABASE_URL);

describe('WORKERS=false and HTTP=false instances', () => {
  if (!pg) {
    it('is a PostgreSQL test', () => {
      console.info('roles test not run: the embedded database lives inside one process; set TEST_DATABASE_URL to run it');
      expect(pg).toBe(false);
    });
    return;
  }
  let t: TestApp;
  let w: SeededWorkspace;
  let web: Instance;
  let worker: Instance;
  let token: string;
  let key: string;
  beforeAll(async () => {
    key = randomBytes(32).toString('base64');
    t = await createTestApp({ eager: false });
    w = await seedWorkspace(t, 'Shop Hai Vai');
    token = await seedToken(t, w.admin.cookie);
    [web, worker] = await Promise.all([
      startInstance(t.ctx.env.DATABASE_URL!, key, { WORKERS: 'false' }),
      startInstance(t.ctx.env.DATABASE_URL!, key, { HTTP: 'false' }),
    ]);
  }, 240_000);
  afterAll(async () => {
    for (const i of [web, worker]) if (i && i.proc.exitCode === null) i.proc.kill('SIGKILL');
    await t?.close();
  });

  const waitingReactions = async () =>
    (await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'react.%' AND state IN ('created', 'retry', 'active')`)).n;
  const ingest = (externalId: string) =>
    fetch(`${web.base}/api/inbound/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ channel: 'zalo', externalId, from: { kind: 'phone', value: '0912 444 555', name: 'Ngô Văn Hải' }, body: 'Cho mình hỏi bảo hành' }),
    });

  it('the worker holds both leases and opens no port; the HTTP-only instance serves and publishes', async () => {
    const holders = async () => (await t.ctx.db.query<{ name: string; holder: string }>(`SELECT name, holder FROM cluster_leases ORDER BY name`)).map((r) => `${r.name}=${r.holder}`);
    await until(async () => (await holders()).length === 2);
    for (const h of await holders()) expect(h).toContain(`:${worker.proc.pid}:`);
    await expect(fetch(`${worker.base}/healthz`)).rejects.toThrow();

    const agent = await seedUser(t, w.workspaceId, 'agent', 'Nhân Viên Web');
    const sock = await connectSocket(`ws://127.0.0.1:${web.port}/api/ws`, { cookie: agent.cookie });
    sock.ws.send(JSON.stringify({ type: 'subscribe', topics: ['inbox'] }));
    await sock.next((m) => m.type === 'subscribed', 30_000);
    const res = await ingest(`roles-${Date.now()}`);
    expect(res.status, web.output()).toBe(201);
    const { ticketId } = (await res.json()) as { ticketId: string };
    await sock.next((m) => m.type === 'event' && m.event.type === 'ticket.created' && m.event.subjectId === ticketId, 30_000);
    sock.ws.close();
    // The reactions its write appended run on the worker.
    await until(async () => (await waitingReactions()) === 0);
  }, 90_000);

  it('with no worker alive, writes on the HTTP-only instance wait for one: it runs no job and takes no lease', async () => {
    worker.proc.kill('SIGKILL');
    await worker.exited;
    const res = await ingest(`roles-alone-${Date.now()}`);
    expect(res.status).toBe(201);
    // Well past the lease (2 s): nothing ran, nobody took over.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await waitingReactions()).toBeGreaterThan(0);
    const leases = await t.ctx.db.query<{ holder: string; expired: boolean }>(`SELECT holder, expires_at < now() AS expired FROM cluster_leases`);
    for (const l of leases) {
      expect(l.holder).toContain(`:${worker.proc.pid}:`);
      expect(l.expired).toBe(true);
    }
    // A new worker takes the leases and the waiting reactions.
    worker = await startInstance(t.ctx.env.DATABASE_URL!, key, { HTTP: 'false' });
    await until(async () => (await waitingReactions()) === 0);
  }, 90_000);
});
