import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { startFakeGraph, type FakeGraph } from '../../../test/fakes/graph/server.js';
import { APP_SECRET, connectPage, messageEvent, newMid, newPsid, pageBody, postWebhook, VERIFY_TOKEN } from '../../../test/fakes/graph/messenger.js';

interface MessageRow {
  id: string;
  ticket_id: string;
  customer_id: string;
  direction: string;
  body: string;
  external_id: string | null;
  created_at: Date;
  meta: Record<string, unknown> & { messenger?: Record<string, unknown> };
}

describe('Messenger webhook', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let fake: FakeGraph;
  let page: { id: string; key: string };

  beforeAll(async () => {
    fake = await startFakeGraph();
    t = await createTestApp();
    t.ctx.env.GRAPH_API_BASE = fake.url;
    w = await seedWorkspace(t);
    page = await connectPage(t, w.admin.cookie, fake);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const messagesOf = (psid: string) =>
    t.ctx.db.query<MessageRow>(
      `SELECT m.* FROM messages m JOIN customer_identities i ON i.customer_id = m.customer_id AND i.kind = 'messenger'
       WHERE m.workspace_id = $1 AND i.value = $2 ORDER BY m.created_at, m.id`,
      [w.workspaceId, psid],
    );
  const deliver = async (body: unknown) => {
    const r = await postWebhook(t, page.key, body);
    expect(r.status).toBe(200);
    await t.ctx.jobs.drain();
    return r;
  };

  describe('GET subscription check', () => {
    const get = (key: string, q: Record<string, string | undefined>) => t.app.inject({ method: 'GET', url: `/api/hooks/messenger/${key}?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined))}` });

    it('answers hub.challenge when hub.mode is subscribe and the verify token matches', async () => {
      const r = await get(page.key, { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
      expect(r.statusCode).toBe(200);
      expect(r.body).toBe('1158201444');
    });

    it('refuses a wrong token or mode with 403, an unknown key with 404', async () => {
      for (const q of [
        { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong-token-123', 'hub.challenge': 'x' },
        { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': 'x' },
        { 'hub.mode': 'subscribe', 'hub.challenge': 'x' },
      ]) {
        const r = await get(page.key, q);
        expect(r.statusCode, JSON.stringify(q)).toBe(403);
        expect(r.json().error.id).toBe('messenger.verify_token_mismatch');
      }
      expect((await get('no-such-key', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN })).statusCode).toBe(404);
    });
  });

  describe('signature', () => {
    it('accepts sha256=HMAC_SHA256(app secret, raw body) computed independently, over bytes with Vietnamese text', async () => {
      const psid = newPsid();
      const raw = JSON.stringify(pageBody({ pageId: fake.pageId, events: [messageEvent(fake.pageId, psid, { text: 'Chào shop, đơn hàng của tôi đâu ạ?' })] }));
      const sig = 'sha256=' + crypto.createHmac('sha256', APP_SECRET).update(Buffer.from(raw, 'utf8')).digest('hex');
      const r = await postWebhook(t, page.key, null, { raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ received: 1 });
      await t.ctx.jobs.drain();
      expect((await messagesOf(psid)).map((m) => m.body)).toEqual(['Chào shop, đơn hàng của tôi đâu ạ?']);
    });

    it('refuses forged, missing and re-serialised signatures with 401 and files nothing', async () => {
      const psid = newPsid();
      const body = pageBody({ pageId: fake.pageId, events: [messageEvent(fake.pageId, psid, { text: 'giả mạo' })] });
      const raw = JSON.stringify(body);
      const cases: { headers: Record<string, string>; raw?: string }[] = [
        { headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + crypto.createHmac('sha256', 'another-app-secret-000').update(raw).digest('hex') } },
        { headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) } },
        // The SHA-1 header of old apps is not enough.
        { headers: { 'content-type': 'application/json', 'x-hub-signature': 'sha1=' + crypto.createHmac('sha1', APP_SECRET).update(raw).digest('hex') } },
        { headers: { 'content-type': 'application/json' } },
        // Same JSON value, other bytes: the signature of the compact form does not cover it.
        { headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + crypto.createHmac('sha256', APP_SECRET).update(raw).digest('hex') }, raw: JSON.stringify(body, null, 2) },
      ];
      for (const c of cases) {
        const r = await postWebhook(t, page.key, body, { headers: c.headers, raw: c.raw ?? raw });
        expect(r.status, JSON.stringify(c.headers)).toBe(401);
        expect(r.body.error.id).toBe('messenger.signature_invalid');
      }
      await t.ctx.jobs.drain();
      expect(await messagesOf(psid)).toHaveLength(0);
    });
  });

  it('files several entries and events of one delivery, skips Pages not connected, and asks the profile once', async () => {
    const a = newPsid();
    const b = newPsid();
    fake.profiles.set(a, { first_name: 'Lan', last_name: 'Nguyễn', profile_pic: 'https://cdn.example/lan.jpg' });
    const t0 = Date.now() - 60_000;
    const body = pageBody(
      { pageId: fake.pageId, events: [messageEvent(fake.pageId, a, { text: 'Tin 1' }, t0), messageEvent(fake.pageId, b, { text: 'Khách B' }, t0 + 1000)] },
      { pageId: '999999999', events: [messageEvent('999999999', a, { text: 'Trang khác' }, t0 + 2000)] },
      { pageId: fake.pageId, events: [messageEvent(fake.pageId, a, { text: 'Tin 2' }, t0 + 3000)] },
    );
    const r = await deliver(body);
    expect(r.body).toEqual({ received: 4 });
    const ofA = await messagesOf(a);
    expect(ofA.map((m) => m.body)).toEqual(['Tin 1', 'Tin 2']);
    expect(new Set(ofA.map((m) => m.ticket_id)).size).toBe(1);
    expect((await messagesOf(b)).map((m) => m.body)).toEqual(['Khách B']);
    expect(fake.profileRequests.filter((p) => p === a)).toHaveLength(1);
    const customer = await t.ctx.db.one<{ name: string }>('SELECT name FROM customers WHERE id = $1', [ofA[0].customer_id]);
    expect(customer.name).toBe('Lan Nguyễn');
    const profile = await t.ctx.db.one<{ profile_pic: string; customer_id: string }>('SELECT profile_pic, customer_id FROM messenger_profiles WHERE psid = $1', [a]);
    expect(profile).toEqual({ profile_pic: 'https://cdn.example/lan.jpg', customer_id: ofA[0].customer_id });
    // A later message asks Facebook nothing more.
    await deliver(pageBody({ pageId: fake.pageId, events: [messageEvent(fake.pageId, a, { text: 'Tin 3' })] }));
    expect(fake.profileRequests.filter((p) => p === a)).toHaveLength(1);
  });

  it('routes each entry by its Page id: another Page of the same app gets its own, a Page connected with another app secret nothing', async () => {
    const second = '1000000000000002';
    const foreign = '1000000000000003';
    fake.otherPages.set(second, 'Trang hai').set(foreign, 'Trang app khác');
    const p2 = await connectPage(t, w.admin.cookie, fake, { pageId: second, pageName: 'Trang hai' });
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/channel-accounts',
      headers: { cookie: w.admin.cookie },
      payload: { kind: 'messenger', name: 'App khác', config: { pageId: foreign }, secrets: { pageAccessToken: fake.token, appSecret: 'another-app-secret-9876543210', verifyToken: VERIFY_TOKEN } },
    });
    expect(other.statusCode).toBe(201);
    const a = newPsid();
    const b = newPsid();
    // Posted to the first Page's URL, signed by the app: Facebook sends every Page of an app to one callback.
    await deliver(pageBody({ pageId: second, events: [messageEvent(second, a, { text: 'Gửi trang hai' })] }, { pageId: foreign, events: [messageEvent(foreign, b, { text: 'Gửi trang app khác' })] }));
    const [m] = await messagesOf(a);
    expect(m.body).toBe('Gửi trang hai');
    const row = await t.ctx.db.one<{ channel_account_id: string }>('SELECT channel_account_id FROM messages WHERE id = $1', [m.id]);
    expect(row.channel_account_id).toBe(p2.id);
    expect(await messagesOf(b)).toHaveLength(0);
  });

  it('changes nothing on duplicates, and keeps the customer\'s order when events come out of order', async () => {
    const psid = newPsid();
    const t0 = Date.now() - 120_000;
    const first = messageEvent(fake.pageId, psid, { text: 'Một' }, t0);
    const second = messageEvent(fake.pageId, psid, { text: 'Hai' }, t0 + 5000);
    await deliver(pageBody({ pageId: fake.pageId, events: [second] }));
    await deliver(pageBody({ pageId: fake.pageId, events: [first, second] }));
    await deliver(pageBody({ pageId: fake.pageId, events: [second, first] }));
    const rows = await messagesOf(psid);
    expect(rows.map((m) => m.body)).toEqual(['Một', 'Hai']);
    expect(rows.map((m) => m.external_id)).toEqual([first.message.mid, second.message.mid]);
    const ticket = await t.ctx.db.one<{ message_count: number }>('SELECT message_count FROM tickets WHERE id = $1', [rows[0].ticket_id]);
    expect(ticket.message_count).toBe(2);
  });

  it('downloads an image the customer sent and keeps it with the message; a reply_to threads into its message\'s ticket', async () => {
    const psid = newPsid();
    const png = crypto.randomBytes(3000);
    const url = fake.serveFile(`anh-${psid}.png`, 'image/png', png);
    const ev = messageEvent(fake.pageId, psid, { attachments: [{ type: 'image', payload: { url } }, { type: 'image', payload: { url: 'https://cdn.example/s.png', sticker_id: 369239263222822 } }] });
    await deliver(pageBody({ pageId: fake.pageId, events: [ev] }));
    const [m] = await messagesOf(psid);
    const files = await t.ctx.db.query<{ filename: string; content_type: string; data: Uint8Array }>('SELECT filename, content_type, data FROM attachments WHERE message_id = $1', [m.id]);
    expect(files).toHaveLength(1);
    expect(files[0].content_type).toBe('image/png');
    expect(Buffer.from(files[0].data).equals(png)).toBe(true);
    expect(m.body).toContain('sticker');
    // Resolve that ticket: a reply to the old message goes back to it (reopened), not to a new one.
    await t.ctx.db.query(`UPDATE tickets SET status = 'resolved', resolved_at = now() WHERE id = $1`, [m.ticket_id]);
    await deliver(pageBody({ pageId: fake.pageId, events: [messageEvent(fake.pageId, psid, { text: 'Về cái ảnh này', reply_to: { mid: ev.message.mid } })] }));
    const rows = await messagesOf(psid);
    expect(rows).toHaveLength(2);
    expect(rows[1].ticket_id).toBe(m.ticket_id);
    expect(rows[1].meta.messenger?.replyTo).toBe(ev.message.mid);
  });

  it('keeps the link of a file that is gone (404) or larger than 5 MB instead of its bytes, and still files the message', async () => {
    const psid = newPsid();
    const big = fake.serveFile(`lon-${psid}.mp4`, 'video/mp4', Buffer.alloc(5 * 1024 * 1024 + 1));
    const gone = `${fake.url}/cdn/khong-con-${psid}.jpg`;
    await deliver(pageBody({ pageId: fake.pageId, events: [messageEvent(fake.pageId, psid, { text: 'Video lỗi', attachments: [{ type: 'video', payload: { url: big } }, { type: 'image', payload: { url: gone } }] })] }));
    const [m] = await messagesOf(psid);
    expect(m.body).toBe(`Video lỗi\n(video: ${big})\n(image: ${gone})`);
    const n = await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM attachments WHERE message_id = $1', [m.id]);
    expect(n.n).toBe(0);
  });

  it('files a message the Page wrote in its own inbox (an echo not ours) as outbound by the Page, once', async () => {
    const psid = newPsid();
    await deliver(pageBody({ pageId: fake.pageId, events: [messageEvent(fake.pageId, psid, { text: 'Còn hàng không?' })] }));
    const echo = { sender: { id: fake.pageId }, recipient: { id: psid }, timestamp: Date.now(), message: { is_echo: true, app_id: 263902037430900, mid: newMid(), text: 'Dạ còn ạ' } };
    await deliver(pageBody({ pageId: fake.pageId, events: [echo] }));
    await deliver(pageBody({ pageId: fake.pageId, events: [echo] }));
    const rows = await messagesOf(psid);
    expect(rows.map((m) => [m.direction, m.body])).toEqual([
      ['inbound', 'Còn hàng không?'],
      ['outbound', 'Dạ còn ạ'],
    ]);
    expect(rows[1].external_id).toBe(echo.message.mid);
    expect(rows[1].meta.from).toContain(fake.pageName);
    expect(new Set(rows.map((m) => m.ticket_id)).size).toBe(1);
    expect(fake.sends.filter((s) => s.body.recipient.id === psid)).toHaveLength(0);
  });

  it('files a postback (a tapped button) as the customer\'s message, once', async () => {
    const psid = newPsid();
    const ev = { sender: { id: psid }, recipient: { id: fake.pageId }, timestamp: Date.now(), postback: { mid: newMid(), title: 'Bắt đầu', payload: 'GET_STARTED' } };
    await deliver(pageBody({ pageId: fake.pageId, events: [ev, ev] }));
    await deliver(pageBody({ pageId: fake.pageId, events: [ev] }));
    const rows = await messagesOf(psid);
    expect(rows.map((m) => [m.direction, m.body, m.external_id])).toEqual([['inbound', 'Bắt đầu', ev.postback.mid]]);
    expect(rows[0].meta.messenger).toMatchObject({ payload: 'GET_STARTED', postback: true });
  });

  it('acknowledges Instagram deliveries without filing them (not handled yet) and answers 400 for broken bodies', async () => {
    const r = await postWebhook(t, page.key, { object: 'instagram', entry: [{ id: '1784', time: 1, messaging: [] }] });
    expect(r).toEqual({ status: 200, body: { received: 0, ignored: 'instagram' } });
    const broken = await postWebhook(t, page.key, null, { raw: '{"object": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.id).toBe('messenger.invalid_json');
  });
});
