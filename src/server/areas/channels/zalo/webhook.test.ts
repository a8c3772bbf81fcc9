import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../../test/harness.js';
import { startFakeZalo, type FakeZalo } from '../../../test/fakes/zalo/server.js';
import { seedZaloAccount } from '../../../test/fakes/zalo/accounts.js';
import { postZaloWebhook, userMessage, zaloEvent } from '../../../test/fakes/zalo/webhook.js';
import { parseJsonKeepingIds, signZaloWebhook, zaloWebhookMac } from './webhook-parse.js';
import { WEBHOOK_JOB } from './webhook.routes.js';

let t: TestApp;
let fake: FakeZalo;
let ws: string;
let key: string;

beforeAll(async () => {
  t = await createTestApp();
  fake = await startFakeZalo();
  Object.assign(t.ctx.env, fake.env);
  ws = (await seedWorkspace(t)).workspaceId;
  key = (await seedZaloAccount(t.ctx, ws, fake)).address;
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const messagesFrom = (userId: string) =>
  t.ctx.db.query<{ id: string; body: string }>(
    `SELECT m.id, m.body FROM messages m JOIN customer_identities ci ON ci.customer_id = m.customer_id AND ci.kind = 'zalo' WHERE m.workspace_id = $1 AND ci.value = $2`,
    [ws, userId],
  );

describe('zalo webhook signature', () => {
  it('is sha256 of app_id + raw body + timestamp + OA secret key (the documented formula)', () => {
    const raw = '{"app_id":"123","timestamp":"1700000000000","event_name":"follow"}';
    // Computed independently: printf '%s' '123<raw>1700000000000key' | sha256sum
    const expected = zaloWebhookMac('123', raw, '1700000000000', 'key');
    expect(expected).toBe(createHash('sha256').update(`123${raw}1700000000000key`).digest('hex'));
    expect(signZaloWebhook(raw, 'key')).toBe(`mac=${expected}`);
  });

  it('accepts a signed delivery durably (a job holding the raw body) and answers 200', async () => {
    const userId = '8012345678901234567';
    const res = await postZaloWebhook(t.app, fake, key, userMessage(fake, userId, 'user_send_text', { text: 'Xin chào shop' }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, event: 'user_send_text' });
    await t.ctx.jobs.drain([WEBHOOK_JOB]);
    expect((await messagesFrom(userId)).map((m) => m.body)).toEqual(['Xin chào shop']);
  });

  it('refuses missing, forged, altered, stale and other-app deliveries with stable ids, filing nothing', async () => {
    const userId = '8012345678901234999';
    const ev = userMessage(fake, userId, 'user_send_text', { text: 'giả mạo' });
    const raw = JSON.stringify(ev);
    const missing = await postZaloWebhook(t.app, fake, key, ev, { signature: null });
    expect([missing.statusCode, missing.json().error.id]).toEqual([401, 'zalo.signature_missing']);
    const forged = await postZaloWebhook(t.app, fake, key, ev, { signature: signZaloWebhook(raw, 'not-the-oa-secret-key') });
    expect([forged.statusCode, forged.json().error.id]).toEqual([401, 'zalo.signature_invalid']);
    // Signed, then one byte changed (a space): the MAC covers the exact bytes.
    const altered = await postZaloWebhook(t.app, fake, key, ev, { raw: raw.replace('giả mạo', 'giả  mạo'), signature: signZaloWebhook(raw, fake.state.core.oaSecretKey) });
    expect(altered.statusCode).toBe(401);
    const stale = await postZaloWebhook(t.app, fake, key, userMessage(fake, userId, 'user_send_text', { text: 'cũ' }, Date.now() - 11 * 60_000));
    expect([stale.statusCode, stale.json().error.id]).toEqual([403, 'zalo.stale_event']);
    const otherApp = await postZaloWebhook(t.app, fake, key, { ...ev, app_id: '999' });
    expect([otherApp.statusCode, otherApp.json().error.id]).toEqual([403, 'zalo.app_mismatch']);
    const unknown = await postZaloWebhook(t.app, fake, 'no-such-key', ev);
    expect(unknown.statusCode).toBe(404);
    const notJson = await postZaloWebhook(t.app, fake, key, undefined, { raw: 'not json', signature: 'mac=00' });
    expect(notJson.statusCode).toBe(400);
    await t.ctx.jobs.drain([WEBHOOK_JOB]);
    expect(await messagesFrom(userId)).toHaveLength(0);
  });

  it('keeps ids exact even when they arrive as bare numbers beyond 2^53', async () => {
    expect(parseJsonKeepingIds('{"sender":{"id":1234567890123456789},"n":12,"x":"1234567890123456789","f":1.5}')).toEqual({
      sender: { id: '1234567890123456789' },
      n: 12,
      x: '1234567890123456789',
      f: 1.5,
    });
    const raw = `{"app_id":"${fake.state.core.appId}","event_name":"user_send_text","timestamp":"${Date.now()}","sender":{"id":9007199254740993123},"recipient":{"id":"${fake.state.core.oaId}"},"message":{"msg_id":"bignum-1","text":"số lớn"}}`;
    const res = await postZaloWebhook(t.app, fake, key, undefined, { raw });
    expect(res.statusCode).toBe(200);
    await t.ctx.jobs.drain([WEBHOOK_JOB]);
    expect((await messagesFrom('9007199254740993123')).map((m) => m.body)).toEqual(['số lớn']);
  });

  it('a redelivered event (same msg_id) files one message', async () => {
    const userId = '8012345678901230001';
    const ev = userMessage(fake, userId, 'user_send_text', { text: 'một lần thôi' });
    for (let i = 0; i < 3; i++) expect((await postZaloWebhook(t.app, fake, key, ev)).statusCode).toBe(200);
    await t.ctx.jobs.drain([WEBHOOK_JOB]);
    expect(await messagesFrom(userId)).toHaveLength(1);
  });

  it('an unfollow-only delivery is accepted too (events without a message)', async () => {
    const res = await postZaloWebhook(t.app, fake, key, zaloEvent(fake, 'unfollow', { follower: { id: '8012345678901230002' }, source: 'oa_profile' }));
    expect(res.statusCode).toBe(200);
  });
});
