import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import { newId } from '../../core/lib/ids.js';
import { queueWebhookCall, verifySignature, webhookDelivery, WEBHOOK_DELIVER_JOB } from './index.js';
import { startReceiver } from './receiver.test-helper.js';

let t: TestApp;
let ws: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  t = await createTestApp();
  ws = (await seedWorkspace(t)).workspaceId;
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

/** Makes the queued retries due now (their back-off is minutes) and runs them. */
async function runDueRetries() {
  await t.ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = $1 AND state IN ('created', 'retry')`, [WEBHOOK_DELIVER_JOB]);
  await t.ctx.jobs.drain();
}

describe('queueWebhookCall (the workflow action\'s door)', () => {
  it('sends a signed POST once the caller commits, and a repeated key sends nothing more', async () => {
    const runId = newId();
    const call = {
      workspaceId: ws,
      url: receiver.url,
      secret: 'bí-mật-của-quy-trình',
      body: { hello: 'Xin chào', n: 1 },
      headers: { 'x-custom': 'mot', 'x-tantam-event': 'forged' },
      eventType: 'workflow.call',
      source: { kind: 'workflow' as const, workflowId: newId(), runId },
      idempotencyKey: `wf:${runId}:node-1`,
    };
    const first = await t.ctx.db.tx((tx) => queueWebhookCall(t.ctx, tx, call));
    const again = await t.ctx.db.tx((tx) => queueWebhookCall(t.ctx, tx, call));
    expect(again).toEqual({ deliveryId: first.deliveryId, created: false });
    await t.ctx.jobs.drain();
    expect(receiver.received).toHaveLength(1);
    const r = receiver.received[0];
    expect(r.body).toBe(JSON.stringify(call.body));
    expect(r.headers['x-tantam-event']).toBe('workflow.call');
    expect(r.headers['x-tantam-delivery']).toBe(first.deliveryId);
    expect(r.headers['x-custom']).toBe('mot');
    expect(verifySignature(call.secret, String(r.headers['x-tantam-signature']), r.body)).toBe(true);
    expect(verifySignature('sai', String(r.headers['x-tantam-signature']), r.body)).toBe(false);
    expect(verifySignature(call.secret, String(r.headers['x-tantam-signature']), r.body + ' ')).toBe(false);
    const d = await webhookDelivery(t.ctx.db, ws, first.deliveryId);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 1, sourceKind: 'workflow', runId });
    expect(d?.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: 200, responseExcerpt: 'ok' });
  });

  it('refuses a header a request cannot carry, before anything is queued', async () => {
    await expect(
      t.ctx.db.tx((tx) =>
        queueWebhookCall(t.ctx, tx, { workspaceId: ws, url: receiver.url, secret: null, body: {}, headers: { 'x-name': 'Tận Tâm' }, eventType: 'workflow.call', source: { kind: 'workflow', workflowId: newId(), runId: newId() }, idempotencyKey: `k-${newId()}` }),
      ),
    ).rejects.toMatchObject({ id: 'webhooks.bad_header' });
  });

  it('rolls back with the caller: nothing is sent for a transaction that failed', async () => {
    const before = receiver.received.length;
    await expect(
      t.ctx.db.tx(async (tx) => {
        await queueWebhookCall(t.ctx, tx, { workspaceId: ws, url: receiver.url, secret: null, body: {}, eventType: 'workflow.call', source: { kind: 'workflow', workflowId: newId(), runId: newId() }, idempotencyKey: `k-${newId()}` });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    await t.ctx.jobs.drain();
    expect(receiver.received.length).toBe(before);
  });

  it('retries after a 500 with back-off, logs each attempt, then succeeds', async () => {
    receiver.reply(500, 503);
    const before = receiver.received.length;
    const { deliveryId } = await t.ctx.db.tx((tx) =>
      queueWebhookCall(t.ctx, tx, { workspaceId: ws, url: receiver.url, secret: null, body: 'raw', eventType: 'workflow.call', source: { kind: 'workflow', workflowId: newId(), runId: newId() }, idempotencyKey: `k-${newId()}` }),
    );
    await t.ctx.jobs.drain();
    let d = await webhookDelivery(t.ctx.db, ws, deliveryId);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    // The next attempt waits a minute: not sent by a drain now.
    expect(new Date(d!.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(receiver.received.length).toBe(before + 1);
    expect(receiver.received[before].headers['x-tantam-signature']).toBeUndefined();
    await runDueRetries();
    await runDueRetries();
    d = await webhookDelivery(t.ctx.db, ws, deliveryId);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3, lastStatusCode: 200 });
    expect(d!.attemptLog.map((a) => a.statusCode)).toEqual([500, 503, 200]);
    expect(d!.attemptLog[0].responseExcerpt!.length).toBeLessThanOrEqual(1001);
    expect(receiver.received.length).toBe(before + 3);
  });
});
