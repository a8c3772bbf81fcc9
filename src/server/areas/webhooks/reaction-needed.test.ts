import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildCustomer } from '../../test/factories.js';
import { startReceiver } from './receiver.test-helper.js';
import { FANOUT_JOB } from '../../core/events/reactions.js';

// The hot path: a workspace with no active subscription covering an event gets no webhooks reaction job
// for it (one indexed read in the writing transaction instead); one that has a subscription gets its job
// written with the change and the delivery made.

process.env.ALLOW_PRIVATE_WEBHOOK_URLS = 'true';
let t: TestApp;
let quiet: SeededWorkspace;
let subscribed: SeededWorkspace;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  t = await createTestApp();
  quiet = await seedWorkspace(t, 'Không đăng ký');
  subscribed = await seedWorkspace(t, 'Có đăng ký');
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

/** Reaction jobs written for the customer's customer.created event, by reaction name (a reaction in the fan-out job counts as its own). */
async function jobsFor(customerId: string): Promise<string[]> {
  const ev = await t.ctx.db.one<{ id: string }>(`SELECT id::text FROM events WHERE type = 'customer.created' AND subject_id = $1`, [customerId]);
  const rows = await t.ctx.db.query<{ name: string }>(
    `SELECT name FROM pgboss.job WHERE name LIKE 'react.%' AND name <> $2 AND data->'eventIds' ? $1
     UNION SELECT 'react.' || r FROM pgboss.job j, jsonb_array_elements_text(j.data->'reactions') r WHERE j.name = $2 AND j.data->'eventIds' ? $1
     ORDER BY 1`,
    [ev.id, FANOUT_JOB],
  );
  return rows.map((r) => r.name);
}

async function subscribe(w: SeededWorkspace, eventTypes: string[]) {
  const res = await t.app.inject({ method: 'POST', url: '/api/webhooks/subscriptions', headers: { cookie: w.admin.cookie }, payload: { name: 'CRM', url: receiver.url, eventTypes } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { subscription: { id: string } }).subscription.id;
}

describe('webhooks reaction on the hot path', () => {
  it('writes no job for a workspace without subscriptions, while other reactions still get theirs', async () => {
    const c = await buildCustomer(t.ctx, quiet.workspaceId, { name: 'Khách yên lặng' });
    await t.ctx.jobs.drain();
    const jobs = await jobsFor(c.id);
    expect(jobs).not.toContain('react.webhooks.subscriptions');
    expect(jobs.length).toBeGreaterThan(0);
  });

  it('writes no job when the only subscription covers other events or is paused', async () => {
    const other = await subscribe(quiet, ['ticket.*']);
    const c1 = await buildCustomer(t.ctx, quiet.workspaceId, { name: 'Khách 1' });
    expect(await jobsFor(c1.id)).not.toContain('react.webhooks.subscriptions');
    const paused = await subscribe(quiet, ['customer.created']);
    await t.ctx.db.query(`UPDATE webhook_subscriptions SET status = 'paused', paused_at = now(), pause_reason = 'manual' WHERE id = $1`, [paused]);
    const c2 = await buildCustomer(t.ctx, quiet.workspaceId, { name: 'Khách 2' });
    await t.ctx.jobs.drain();
    expect(await jobsFor(c2.id)).not.toContain('react.webhooks.subscriptions');
    const n = await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE workspace_id = $1`, [quiet.workspaceId]);
    expect(n.n).toBe(0);
    await t.ctx.db.query(`DELETE FROM webhook_subscriptions WHERE id = ANY($1::uuid[])`, [[other, paused]]);
  });

  it('writes the job with the change and delivers it for a workspace with a matching active subscription', async () => {
    const sub = await subscribe(subscribed, ['customer.*']);
    const before = receiver.received.length;
    const c = await buildCustomer(t.ctx, subscribed.workspaceId, { name: 'Khách có webhook' });
    expect(await jobsFor(c.id)).toContain('react.webhooks.subscriptions');
    await t.ctx.jobs.drain();
    expect(receiver.received.length).toBe(before + 1);
    expect(JSON.parse(receiver.received[before].body)).toMatchObject({ type: 'customer.created', subject: { id: c.id } });
    const d = await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1`, [sub]);
    expect(d.n).toBe(1);
    // The quiet workspace's events in the meantime still write nothing.
    const q = await buildCustomer(t.ctx, quiet.workspaceId, { name: 'Khách 3' });
    expect(await jobsFor(q.id)).not.toContain('react.webhooks.subscriptions');
  });
});
