import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createTestApp, seedToken, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../harness.js';
import { connectSocket, createWidget, openAllWeek, visitorClient } from '../fixtures/webchat.js';
import { startInstance, until, type Instance } from './instances.js';

/**
 * Two real app instances (child processes running src/server/main.ts) on one PostgreSQL database, as
 * behind a load balancer: what happens on A reaches sockets on B, the IMAP leadership moves when its
 * holder is killed, and the login throttle counts across both. PostgreSQL only: the embedded database
 * lives inside one process, so there is never a second instance to test.
 */
const pg = Boolean(process.env.TEST_DATABASE_URL);
const LEASE = 'channel-listeners';
const ORIGIN = 'https://shop.example.vn';

describe('two app instances on one PostgreSQL', () => {
  if (!pg) {
    it('is a PostgreSQL test', () => {
      console.info('two-instance test not run: the embedded database (PGlite) lives inside one process, so one instance is all it has; set TEST_DATABASE_URL to run it');
      expect(pg).toBe(false);
    });
    return;
  }

  let t: TestApp;
  let w: SeededWorkspace;
  let a: Instance;
  let b: Instance;
  let token: string;
  let previousKey: string | undefined;
  beforeAll(async () => {
    // Every instance needs the same credentials key (the widget's sealed settings): this test's own app too.
    const key = randomBytes(32).toString('base64');
    previousKey = process.env.SECRET_KEY;
    process.env.SECRET_KEY = key;
    t = await createTestApp({ eager: false });
    w = await seedWorkspace(t, 'Shop Hai Máy');
    token = await seedToken(t, w.admin.cookie);
    await openAllWeek(t, w.workspaceId);
    [a, b] = await Promise.all([startInstance(t.ctx.env.DATABASE_URL!, key), startInstance(t.ctx.env.DATABASE_URL!, key)]);
  }, 240_000);
  afterAll(async () => {
    if (previousKey === undefined) delete process.env.SECRET_KEY;
    else process.env.SECRET_KEY = previousKey;
    for (const i of [a, b]) if (i && i.proc.exitCode === null) i.proc.kill('SIGKILL');
    await t?.close();
  });

  const post = (i: Instance, url: string, body: unknown, headers: Record<string, string>) =>
    fetch(i.base + url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('a message ingested on A reaches an agent socket on B (the session cookie works on both)', async () => {
    const agent = await seedUser(t, w.workspaceId, 'agent', 'Nhân Viên B');
    const sock = await connectSocket(`ws://127.0.0.1:${b.port}/api/ws`, { cookie: agent.cookie });
    sock.ws.send(JSON.stringify({ type: 'subscribe', topics: ['inbox'] }));
    await sock.next((m) => m.type === 'subscribed', 30_000);
    const res = await post(a, '/api/inbound/messages', { channel: 'zalo', externalId: `two-${Date.now()}`, from: { kind: 'phone', value: '0912 333 444', name: 'Trần Thị Bình' }, body: 'Cho em hỏi đơn hàng' }, { authorization: `Bearer ${token}` });
    expect(res.status, a.output()).toBe(201);
    const { ticketId } = (await res.json()) as { ticketId: string };
    const got = await sock.next((m) => m.type === 'event' && m.event.type === 'ticket.created' && m.event.subjectId === ticketId, 30_000);
    expect(got.topics).toContain('inbox');
    sock.ws.close();
  }, 90_000);

  it("an agent's reply sent on A reaches the chat visitor's socket on B", async () => {
    const widget = await createWidget(t, w.admin.cookie, { allowedOrigins: [ORIGIN] });
    const v = visitorClient(t, widget.key, { origin: ORIGIN });
    await v.start({ name: 'Khách Web' });
    const first = await v.say('Shop còn hàng không ạ?');
    const ticketId = (await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [first.body.message.id])).ticket_id;
    const sock = await connectSocket(`ws://127.0.0.1:${b.port}/api/widget/${widget.key}/ws?token=${encodeURIComponent(v.token!)}`, { origin: ORIGIN });
    await sock.next((f) => f.type === 'status', 30_000);
    const res = await post(a, `/api/tickets/${ticketId}/messages`, { kind: 'reply', body: 'Dạ còn ạ, anh chị cần size nào?' }, { cookie: w.admin.cookie });
    expect(res.status).toBe(201);
    const pushed = await sock.next((f) => f.type === 'message' && f.message.body === 'Dạ còn ạ, anh chị cần size nào?', 30_000);
    expect(pushed.message.direction).toBe('agent');
    sock.ws.close();
  }, 90_000);

  it('the login throttle holds across both instances', async () => {
    const u = await seedUser(t, w.workspaceId, 'agent', 'Bị Đoán Mật Khẩu');
    // Five free failures in all, alternating instances; the sixth try, even right, waits (429).
    for (let i = 0; i < 5; i++) expect((await post(i % 2 ? b : a, '/api/auth/login', { email: u.email, password: `sai-${i}` }, {})).status).toBe(401);
    const held = await post(b, '/api/auth/login', { email: u.email, password: u.password }, {});
    expect(held.status).toBe(429);
    expect(((await held.json()) as { error: { id: string } }).error.id).toBe('auth.slow_down');
  }, 90_000);

  it('killing the instance that holds the IMAP leadership moves it to the other within the lease', async () => {
    const holder = async () => (await t.ctx.db.maybeOne<{ holder: string; fence: number }>('SELECT holder, fence FROM cluster_leases WHERE name = $1', [LEASE])) ?? null;
    await until(async () => (await holder()) !== null);
    const before = (await holder())!;
    const [leader, other] = before.holder.includes(`:${a.proc.pid}:`) ? [a, b] : [b, a];
    expect(before.holder).toContain(`:${leader.proc.pid}:`);
    leader.proc.kill('SIGKILL');
    await leader.exited;
    await until(async () => (await holder())?.holder.includes(`:${other.proc.pid}:`) ?? false);
    const after = (await holder())!;
    expect(after.fence).toBe(before.fence + 1);
    // The survivor still serves.
    expect((await fetch(`${other.base}/healthz`)).status).toBe(200);
  }, 90_000);
});

/**
 * The same set-up with REDIS_URL: the login throttle and request rate limits count in Redis (one key
 * prefix for this test's two instances), and nothing is counted in the database's login_throttle.
 */
describe('two app instances with REDIS_URL', () => {
  const redisUrl = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
  if (!pg) {
    it('is a PostgreSQL test', () => expect(pg).toBe(false));
    return;
  }
  let t: TestApp;
  let w: SeededWorkspace;
  let a: Instance;
  let b: Instance;
  let redis: Redis;
  const prefix = `tt-two-${randomBytes(6).toString('hex')}:`;
  beforeAll(async () => {
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    await redis.ping();
    t = await createTestApp({ eager: false });
    w = await seedWorkspace(t, 'Shop Redis');
    const key = randomBytes(32).toString('base64');
    const env = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix };
    [a, b] = await Promise.all([startInstance(t.ctx.env.DATABASE_URL!, key, env), startInstance(t.ctx.env.DATABASE_URL!, key, env)]);
  }, 240_000);
  afterAll(async () => {
    for (const i of [a, b]) if (i && i.proc.exitCode === null) i.proc.kill('SIGKILL');
    const keys = redis ? await redis.keys(`${prefix}*`) : [];
    if (keys.length) await redis.del(...keys);
    redis?.disconnect();
    await t?.close();
  });

  const post = (i: Instance, url: string, body: unknown) =>
    fetch(i.base + url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const login = (i: Instance, email: string, password: string) => post(i, '/api/auth/login', { email, password });

  it('the login throttle holds across both instances, counted in Redis', async () => {
    const u = await seedUser(t, w.workspaceId, 'agent', 'Bị Đoán Qua Redis');
    const throttleRows = async () => Number((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM login_throttle')).n);
    const rowsBefore = await throttleRows();
    for (let i = 0; i < 5; i++) expect((await login(i % 2 ? b : a, u.email, `sai-${i}`)).status, a.output() + b.output()).toBe(401);
    const held = await login(b, u.email, u.password);
    expect(held.status).toBe(429);
    expect(((await held.json()) as { error: { id: string } }).error.id).toBe('auth.slow_down');
    // Counted in Redis (pair, address and account records), not in the database.
    expect((await redis.keys(`${prefix}login_throttle:*`)).length).toBe(3);
    expect(await throttleRows()).toBe(rowsBefore);
  }, 90_000);

  it("a route's request rate limit is shared: POST /api/setup allows 10 a minute across both", async () => {
    // Setup is long done here, so every try is refused (not 429) until the route's own limit (10 a
    // minute per address) says 429. Counted by each instance alone, 12 tries split 6 + 6 never reach it.
    const body = { workspaceName: 'Thử', name: 'Ai Đó', email: 'ai-do@example.vn', password: 'mat-khau-dai-123' };
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await post(i % 2 ? a : b, '/api/setup', body)).status);
    expect(codes.indexOf(429), codes.join(' ')).toBe(10);
    expect(codes.slice(0, 10).every((c) => c !== 429)).toBe(true);
    expect((await redis.keys(`${prefix}rl:*`)).length).toBeGreaterThan(0);
  }, 90_000);
});
