import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildCustomer } from '../../test/factories.js';
import { addMailbox, startSmtpSink } from '../../test/fixtures/email.js';
import { WEBHOOK_MAX_ATTEMPTS } from '../../../shared/webhooks.js';
import { WEBHOOK_DELIVER_JOB } from './index.js';
import { startReceiver } from './receiver.test-helper.js';

// A webhook subscription paused after repeated failures tells the workspace's admins: an in-app
// notification (kind webhook_paused) and one email — once per pause, not per failed delivery, and not
// again when the reaction runs twice.

process.env.ALLOW_PRIVATE_WEBHOOK_URLS = 'true';
let t: TestApp;
let w: SeededWorkspace;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let secondAdmin: { id: string; email: string };
let agent: { id: string };

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp();
  w = await seedWorkspace(t, 'Cửa hàng webhook');
  secondAdmin = await seedUser(t, w.workspaceId, 'admin', 'Quản trị hai');
  agent = await seedUser(t, w.workspaceId, 'agent', 'Nhân viên');
  await addMailbox(t, w, { address: 'hotro@webhook-shop.vn', smtp: { host: '127.0.0.1', port: sink.port, secure: false } });
  receiver = await startReceiver();
}, 120_000);
afterAll(async () => {
  await receiver?.close();
  await sink?.close();
  await t?.close();
});

async function runDueRetries() {
  await t.ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = $1 AND state IN ('created', 'retry')`, [WEBHOOK_DELIVER_JOB]);
  await t.ctx.jobs.drain();
}

/** One delivery of the subscription failing every attempt, starting one failure short of the pause. */
async function failUntilPaused(subscriptionId: string) {
  await t.ctx.db.query('UPDATE webhook_subscriptions SET consecutive_failures = $2 WHERE id = $1', [subscriptionId, t.ctx.env.WEBHOOK_PAUSE_AFTER_FAILURES - 1]);
  receiver.fallback = 500;
  await buildCustomer(t.ctx, w.workspaceId, { name: 'Khách làm lỗi webhook' });
  await t.ctx.jobs.drain();
  for (let a = 1; a < WEBHOOK_MAX_ATTEMPTS; a++) await runDueRetries();
  receiver.fallback = 200;
  await t.ctx.jobs.drain();
}

const notices = (subscriptionName: string) =>
  t.ctx.db.query<{ user_id: string; kind: string; dedupe_key: string }>(
    `SELECT user_id, kind, dedupe_key FROM notifications WHERE workspace_id = $1 AND kind = 'webhook_paused' AND data->>'subject' = $2 ORDER BY created_at, user_id`,
    [w.workspaceId, subscriptionName],
  );
const mailsAbout = (name: string) => sink.mails.filter((m) => m.mail.subject?.includes(`"${name}"`));

describe('a paused webhook subscription', () => {
  it('tells the admins in the app and by email once per pause', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/webhooks/subscriptions', headers: { cookie: w.admin.cookie }, payload: { name: 'CRM kho', url: receiver.url, eventTypes: ['customer.created'] } });
    expect(res.statusCode, res.body).toBe(201);
    const sub = (res.json() as { subscription: { id: string } }).subscription;

    await failUntilPaused(sub.id);
    const first = await notices('CRM kho');
    expect(first.map((n) => n.user_id).sort()).toEqual([w.admin.id, secondAdmin.id].sort());
    expect(first.map((n) => n.user_id)).not.toContain(agent.id);
    expect(new Set(first.map((n) => n.dedupe_key)).size).toBe(1);
    expect(mailsAbout('CRM kho')).toHaveLength(1);
    const mail = mailsAbout('CRM kho')[0];
    expect(mail.mail.subject).toBe('Webhook "CRM kho" đã tạm dừng sau nhiều lần gửi lỗi');
    expect(mail.mail.text).toContain('/settings/webhooks');
    expect(mail.to.sort()).toEqual([w.admin.email, secondAdmin.email].sort());

    // The reaction running again (a redelivered job) sends nothing twice.
    const ev = await t.ctx.db.one<{ id: string }>(`SELECT id::text FROM events WHERE type = 'webhook.subscription_paused' AND subject_id = $1`, [sub.id]);
    await t.ctx.jobs.send('react.notifications.notify', { eventIds: [ev.id] });
    await t.ctx.jobs.drain();
    expect(await notices('CRM kho')).toHaveLength(2);
    expect(mailsAbout('CRM kho')).toHaveLength(1);

    // Resumed, then paused again: a new pause, a new notice and email.
    const resumed = await t.app.inject({ method: 'POST', url: `/api/webhooks/subscriptions/${sub.id}/resume`, headers: { cookie: w.admin.cookie } });
    expect(resumed.statusCode, resumed.body).toBe(200);
    await failUntilPaused(sub.id);
    expect(await notices('CRM kho')).toHaveLength(4);
    expect(mailsAbout('CRM kho')).toHaveLength(2);
  });

  it('is not announced when an admin pauses it by hand', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/webhooks/subscriptions', headers: { cookie: w.admin.cookie }, payload: { name: 'Tạm dừng tay', url: receiver.url, eventTypes: ['customer.created'] } });
    const sub = (res.json() as { subscription: { id: string } }).subscription;
    const paused = await t.app.inject({ method: 'POST', url: `/api/webhooks/subscriptions/${sub.id}/pause`, headers: { cookie: w.admin.cookie } });
    expect(paused.statusCode, paused.body).toBe(200);
    await t.ctx.jobs.drain();
    expect(await notices('Tạm dừng tay')).toEqual([]);
    expect(mailsAbout('Tạm dừng tay')).toEqual([]);
  });
});
