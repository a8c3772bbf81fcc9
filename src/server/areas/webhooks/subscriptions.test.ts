import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildCustomer } from '../../test/factories.js';
import { createTestContext } from '../../test/harness.js';
import { buildApp } from '../../app.js';
import { WEBHOOK_MAX_ATTEMPTS, type WebhookEnvelope } from '../../../shared/webhooks.js';
import { verifySignature, WEBHOOK_DELIVER_JOB } from './index.js';
import { startReceiver } from './receiver.test-helper.js';

let t: TestApp;
let w: SeededWorkspace;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, cookie = w.admin.cookie) => t.app.inject({ method, url: `/api${url}`, headers: { cookie }, payload: payload as never });

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorkspace(t);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

async function runDueRetries() {
  await t.ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = $1 AND state IN ('created', 'retry')`, [WEBHOOK_DELIVER_JOB]);
  await t.ctx.jobs.drain();
}

async function subscribe(eventTypes: string[], url = receiver.url) {
  const res = await api('POST', '/webhooks/subscriptions', { name: 'CRM nội bộ', url, eventTypes });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { subscription: { id: string; status: string }; secret: string };
}

describe('webhook subscriptions', () => {
  it('delivers a subscribed event once, signed with the subscription secret, as the documented envelope', async () => {
    const { subscription, secret } = await subscribe(['customer.*']);
    expect(secret).toMatch(/^whsec_/);
    // The secret is sealed at rest.
    const stored = await t.ctx.db.one<{ secret_sealed: string }>(`SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1`, [subscription.id]);
    expect(stored.secret_sealed).not.toContain(secret);
    const before = receiver.received.length;
    const c = await buildCustomer(t.ctx, w.workspaceId, { name: 'Nguyễn Thị Lan' });
    await t.ctx.jobs.drain();
    const mine = receiver.received.slice(before);
    expect(mine).toHaveLength(1);
    const env = JSON.parse(mine[0].body) as WebhookEnvelope;
    expect(env).toMatchObject({ type: 'customer.created', workspaceId: w.workspaceId, subject: { type: 'customer', id: c.id } });
    expect(mine[0].headers['x-tantam-event']).toBe('customer.created');
    expect(verifySignature(secret, String(mine[0].headers['x-tantam-signature']), mine[0].body)).toBe(true);
    // The reaction running again (a redelivered job) queues nothing twice: one delivery per (subscription, event).
    const ev = await t.ctx.db.one<{ id: string }>(`SELECT id::text FROM events WHERE type = 'customer.created' AND subject_id = $1`, [c.id]);
    await t.ctx.jobs.send('react.webhooks.subscriptions', { eventIds: [ev.id] });
    await t.ctx.jobs.drain();
    expect(receiver.received.length).toBe(before + 1);
    const n = await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1`, [subscription.id]);
    expect(n.n).toBe(1);
    // Rotating the secret: the old one no longer verifies the next delivery.
    const rotated = (await api('POST', `/webhooks/subscriptions/${subscription.id}/rotate-secret`)).json() as { secret: string };
    expect(rotated.secret).not.toBe(secret);
    expect((await api('POST', `/webhooks/subscriptions/${subscription.id}/reveal-secret`)).json()).toEqual({ secret: rotated.secret });
    await buildCustomer(t.ctx, w.workspaceId, { name: 'Trần Văn Bình' });
    await t.ctx.jobs.drain();
    const last = receiver.received[receiver.received.length - 1];
    expect(verifySignature(rotated.secret, String(last.headers['x-tantam-signature']), last.body)).toBe(true);
    expect(verifySignature(secret, String(last.headers['x-tantam-signature']), last.body)).toBe(false);
    await api('DELETE', `/webhooks/subscriptions/${subscription.id}`);
  });

  it('re-sends a finished delivery by hand as a new delivery with the same body', async () => {
    const { subscription } = await subscribe(['customer.created']);
    await buildCustomer(t.ctx, w.workspaceId, { name: 'Lê Minh' });
    await t.ctx.jobs.drain();
    const page = (await api('GET', `/webhooks/subscriptions/${subscription.id}/deliveries`)).json() as { items: { id: string; status: string }[] };
    expect(page.items.map((d) => d.status)).toEqual(['succeeded']);
    const before = receiver.received.length;
    const res = await api('POST', `/webhooks/deliveries/${page.items[0].id}/resend`);
    expect(res.statusCode, res.body).toBe(201);
    await t.ctx.jobs.drain();
    expect(receiver.received.length).toBe(before + 1);
    const again = (await api('GET', `/webhooks/subscriptions/${subscription.id}/deliveries`)).json() as { items: { id: string; status: string; resentFrom: string | null }[] };
    expect(again.items[0]).toMatchObject({ status: 'succeeded', resentFrom: page.items[0].id });
    expect(receiver.received[before].body).toBe(receiver.received[before - 1].body);
    await api('DELETE', `/webhooks/subscriptions/${subscription.id}`);
  });

  it('pauses a subscription after repeated failed deliveries, records it, and resumes', async () => {
    const { subscription } = await subscribe(['customer.created']);
    receiver.fallback = 500;
    const pauseAfter = t.ctx.env.WEBHOOK_PAUSE_AFTER_FAILURES;
    for (let i = 0; i < pauseAfter; i++) await buildCustomer(t.ctx, w.workspaceId, { name: `Khách ${i}` });
    await t.ctx.jobs.drain();
    for (let a = 1; a < WEBHOOK_MAX_ATTEMPTS; a++) await runDueRetries();
    receiver.fallback = 200;
    const s = (await api('GET', `/webhooks/subscriptions/${subscription.id}`)).json() as { subscription: { status: string; pauseReason: string; consecutiveFailures: number } };
    expect(s.subscription).toMatchObject({ status: 'paused', pauseReason: 'failures', consecutiveFailures: pauseAfter });
    const failed = await t.ctx.db.one<{ n: number; attempts: number }>(`SELECT count(*)::int AS n, min(attempts) AS attempts FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'failed'`, [subscription.id]);
    expect(failed).toEqual({ n: pauseAfter, attempts: WEBHOOK_MAX_ATTEMPTS });
    const paused = await t.ctx.db.query<{ actor_type: string }>(`SELECT actor_type FROM events WHERE type = 'webhook.subscription_paused' AND subject_id = $1`, [subscription.id]);
    expect(paused).toEqual([{ actor_type: 'system' }]);
    // Paused: new events queue nothing.
    const before = receiver.received.length;
    await buildCustomer(t.ctx, w.workspaceId, { name: 'Khách khi tạm dừng' });
    await t.ctx.jobs.drain();
    expect(receiver.received.length).toBe(before);
    const resumed = (await api('POST', `/webhooks/subscriptions/${subscription.id}/resume`)).json() as { subscription: { status: string; consecutiveFailures: number } };
    expect(resumed.subscription).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    await buildCustomer(t.ctx, w.workspaceId, { name: 'Khách sau khi tiếp tục' });
    await t.ctx.jobs.drain();
    expect(receiver.received.length).toBe(before + 1);
    await api('DELETE', `/webhooks/subscriptions/${subscription.id}`);
  });

  it('refuses non-http(s) URLs and unknown event types; only admins manage webhooks', async () => {
    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'http://user:pw@example.com/']) {
      const res = await api('POST', '/webhooks/subscriptions', { name: 'x', url, eventTypes: ['ticket.created'] });
      expect(res.statusCode, url).toBe(400);
    }
    const bad = await api('POST', '/webhooks/subscriptions', { name: 'x', url: 'https://example.com/h', eventTypes: ['ticket.nonexistent'] });
    expect(bad.statusCode).toBe(400);
    const agent = await seedUser(t, w.workspaceId, 'agent');
    expect((await api('GET', '/webhooks/subscriptions', undefined, agent.cookie)).statusCode).toBe(403);
  });
});

describe('SSRF: private addresses refused unless the setting allows them', () => {
  it('refuses loopback, private and metadata addresses at subscribe time and at delivery time', async () => {
    const ctx = await createTestContext();
    const strict = { ...ctx, env: { ...ctx.env, ALLOW_PRIVATE_WEBHOOK_URLS: false } };
    await strict.jobs.start(strict, { work: false });
    const app = await buildApp(strict);
    const s = { app, ctx: strict, close: async () => undefined } as unknown as TestApp;
    try {
      const ws = await seedWorkspace(s);
      for (const url of ['http://127.0.0.1:8080/h', 'http://localhost/h', 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/h', 'http://[::1]/h', 'http://192.168.1.1/h']) {
        const res = await app.inject({ method: 'POST', url: '/api/webhooks/subscriptions', headers: { cookie: ws.admin.cookie }, payload: { name: 'x', url, eventTypes: ['ticket.created'] } });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error?.id ?? res.json().id).toBe('webhooks.url_not_allowed');
      }
      // A delivery queued to a loopback URL (a workflow's call) is refused when it connects: nothing reaches the receiver.
      const { queueWebhookCall, webhookDelivery } = await import('./index.js');
      const before = receiver.received.length;
      const { deliveryId } = await strict.db.tx((tx) =>
        queueWebhookCall(strict, tx, { workspaceId: ws.workspaceId, url: receiver.url, secret: null, body: {}, eventType: 'workflow.call', source: { kind: 'workflow', workflowId: crypto.randomUUID(), runId: crypto.randomUUID() }, idempotencyKey: 'ssrf' }),
      );
      await strict.jobs.drain();
      expect(receiver.received.length).toBe(before);
      const d = await webhookDelivery(strict.db, ws.workspaceId, deliveryId);
      expect(d?.attemptLog[0]).toMatchObject({ statusCode: null });
      expect(d?.attemptLog[0].error).toMatch(/refused/);
    } finally {
      await app.close();
      await strict.jobs.stop();
      await ctx.close();
    }
  });
});
