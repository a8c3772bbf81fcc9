import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { insertCustomer } from '../../../test/fixtures/tickets.js';
import { availabilityAt } from './availability.js';
import { createWidget, openAllWeek, patchWidget, visitorClient } from '../../../test/fixtures/webchat.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake png body')]);

describe('chat widget API (visitor side)', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let widget: { key: string; id: string };
  const ORIGIN = 'https://shop.example.vn';

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t, 'Cửa hàng Hoa Mai');
    await openAllWeek(t, w.workspaceId);
    widget = await createWidget(t, w.admin.cookie, { allowedOrigins: [ORIGIN], preChat: { name: 'optional', phone: 'optional', email: 'optional' } });
  });
  afterAll(() => t.close());

  it('serves the config to an allowed origin with CORS headers, refuses other origins and unknown keys', async () => {
    const v = visitorClient(t, widget.key, { origin: ORIGIN });
    const r = await v.call('GET', '/config');
    expect(r.status).toBe(200);
    expect(r.res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(r.res.headers.vary).toContain('Origin');
    expect(r.body).toMatchObject({ key: widget.key, color: '#0b7285', language: 'vi', online: true, nextOpenAt: null, businessName: 'Cửa hàng Hoa Mai', maxUploadBytes: 5 * 1024 * 1024 });
    expect(r.body.preChat).toEqual({ name: 'optional', phone: 'optional', email: 'optional' });
    expect(r.body.allowedFileTypes).toContain('image/png');

    const pre = await v.call('OPTIONS', '/messages', undefined, { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-visitor-token' });
    expect(pre.status).toBe(204);
    expect(pre.res.headers['access-control-allow-headers']).toContain('X-Visitor-Token');

    const evil = visitorClient(t, widget.key, { origin: 'https://evil.example.com' });
    const bad = await evil.call('GET', '/config');
    expect(bad.status).toBe(403);
    expect(bad.body.error.id).toBe('widget.origin_not_allowed');
    expect(bad.res.headers['access-control-allow-origin']).toBeUndefined();
    expect((await evil.call('POST', '/sessions', {})).status).toBe(403);

    const unknown = await visitorClient(t, 'no-such-widget').call('GET', '/config');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.id).toBe('widget.not_found');
  });

  it('starts a session, files the first message into a new webchat ticket in the inbox, and resumes it with the same token', async () => {
    const v = visitorClient(t, widget.key, { origin: ORIGIN });
    const s = await v.start({ name: 'Trần Thị Bình', pageUrl: 'https://shop.example.vn/gio-hang' });
    expect(s.visitorToken).toMatch(/^wv_/);
    expect(s.conversation).toBeNull();
    expect(s.messages).toEqual([]);
    expect(s.online).toBe(true);

    const m = await v.say('Chào shop, đơn hàng của tôi đâu rồi?');
    expect(m.status).toBe(201);
    expect(m.body.message).toMatchObject({ seq: 1, direction: 'visitor', body: 'Chào shop, đơn hàng của tôi đâu rồi?', authorName: 'Trần Thị Bình', attachments: [] });

    // The agent sees it in the inbox, on a webchat ticket of the widget.
    const inbox = await t.app.inject({ method: 'GET', url: '/api/tickets', headers: { cookie: w.admin.cookie } });
    const ticket = inbox.json().items.find((x: { channel: string }) => x.channel === 'webchat' && JSON.stringify(x).includes('đơn hàng của tôi'));
    expect(ticket).toBeTruthy();
    const thread = await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/messages`, headers: { cookie: w.admin.cookie } });
    expect(thread.json().messages.map((x: { body: string }) => x.body)).toContain('Chào shop, đơn hàng của tôi đâu rồi?');
    const row = await t.ctx.db.one('SELECT channel_account_id, external_id FROM messages WHERE id = $1', [m.body.message.id]);
    expect(row.channel_account_id).toBe(widget.id);
    expect(row.external_id).toBe(`wc:${s.visitor.id}:${m.body.message.clientId}`);

    // A reload: the same token resumes the same visitor and conversation, with the messages.
    const again = await v.start({});
    expect(again.visitorToken).toBe(s.visitorToken);
    expect(again.visitor.id).toBe(s.visitor.id);
    expect(again.conversation).toMatchObject({ status: 'open' });
    expect(again.messages.map((x: { id: string }) => x.id)).toEqual([m.body.message.id]);

    // The chat records its start at the first message.
    const chat = await t.ctx.db.one('SELECT * FROM webchat_conversations WHERE id = $1', [again.conversation.id]);
    expect(chat.ticket_id).toBe(ticket.id);
    expect(chat.status).toBe('open');
    expect(chat.first_agent_reply_at).toBeNull();

    // A token of nobody starts a new visitor instead.
    const other = visitorClient(t, widget.key, { origin: ORIGIN });
    other.token = 'wv_forged';
    const fresh = await other.start({});
    expect(fresh.visitor.id).not.toBe(s.visitor.id);
    expect(fresh.visitorToken).not.toBe('wv_forged');
    // The token is never stored, only its hash.
    const stored = await t.ctx.db.query('SELECT token_hash FROM webchat_visitors WHERE token_hash = $1', [s.visitorToken]);
    expect(stored).toEqual([]);
  });

  it('asks for required pre-chat fields and validates phone and email', async () => {
    const strict = await createWidget(t, w.admin.cookie, { preChat: { name: 'required', phone: 'required', email: 'off' } });
    const v = visitorClient(t, strict.key);
    const missing = await v.call('POST', '/sessions', { name: 'Lê Văn Cường' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ id: 'widget.prechat_required', details: { field: 'phone' } });
    const badPhone = await v.call('POST', '/sessions', { name: 'Lê Văn Cường', phone: '12ab' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.id).toBe('validation.failed');
    const badEmail = await v.call('POST', '/sessions', { name: 'Lê Văn Cường', phone: '0912000111', email: 'not-an-email' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.id).toBe('validation.failed');
    const ok = await v.start({ name: 'Lê Văn Cường', phone: '0912 000 111' });
    expect(ok.visitor.name).toBe('Lê Văn Cường');
    // Resuming needs nothing again: the profile has the fields.
    expect((await v.start({})).visitor.id).toBe(ok.visitor.id);
  });

  it("never joins a visitor to a profile on a phone they typed: the phone stays a claim on the chat's own customer", async () => {
    const customerId = await insertCustomer(t, w.workspaceId, 'Phạm Minh Đức', '+84903123456');
    const v = visitorClient(t, widget.key);
    const s = await v.start({ name: 'Anh Đức', phone: '0903 123 456' });
    const m = await v.say('Tôi muốn đổi size áo');
    expect(m.status).toBe(201);
    const row = await t.ctx.db.one<{ customer_id: string }>('SELECT customer_id FROM messages WHERE id = $1', [m.body.message.id]);
    expect(row.customer_id).not.toBe(customerId);
    const ids = await t.ctx.db.query('SELECT kind, value FROM customer_identities WHERE customer_id = $1 ORDER BY kind', [row.customer_id]);
    expect(ids).toEqual([{ kind: 'webchat', value: s.visitor.id }]);
    const claims = await t.ctx.db.query('SELECT kind, value, source FROM customer_identity_claims WHERE customer_id = $1', [row.customer_id]);
    expect(claims).toEqual([{ kind: 'phone', value: '+84903123456', source: 'webchat' }]);
    const visitor = await t.ctx.db.one('SELECT customer_id, phone FROM webchat_visitors WHERE id = $1', [s.visitor.id]);
    expect(visitor).toEqual({ customer_id: row.customer_id, phone: '+84903123456' });
  });

  it('is idempotent on clientId: a resend returns the same message and files nothing twice', async () => {
    const v = visitorClient(t, widget.key);
    await v.start({});
    const clientId = crypto.randomUUID();
    const first = await v.say('Mạng chập chờn quá', clientId);
    const second = await v.say('Mạng chập chờn quá', clientId);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.message.id).toBe(first.body.message.id);
    expect(second.body.message.seq).toBe(first.body.message.seq);
    const n = await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE external_id LIKE $1`, [`%:${clientId}`]);
    expect(n.n).toBe(1);
    // Concurrent resends too.
    const cid = crypto.randomUUID();
    const [a, b] = await Promise.all([v.say('cùng lúc', cid), v.say('cùng lúc', cid)]);
    expect(a.body.message.id).toBe(b.body.message.id);
    const list = await v.call('GET', '/messages?after=0');
    expect(list.body.messages.filter((x: { clientId: string | null }) => x.clientId === cid)).toHaveLength(1);
    // Empty messages are refused.
    expect((await v.say('   ')).body.error.id).toBe('validation.failed');
  });

  it("lets a visitor token read only its own visitor's messages and files", async () => {
    const a = visitorClient(t, widget.key);
    const b = visitorClient(t, widget.key);
    await a.start({ name: 'Khách A' });
    await b.start({ name: 'Khách B' });
    const withFile = await a.say('Ảnh hoá đơn', undefined, { attachments: [{ filename: 'hoá đơn.png', contentType: 'image/png', dataBase64: PNG.toString('base64') }] });
    expect(withFile.status).toBe(201);
    const file = withFile.body.message.attachments[0];
    expect(file).toMatchObject({ filename: 'hoá đơn.png', contentType: 'image/png', size: PNG.length });
    expect(file.url).toContain(`/api/widget/${widget.key}/attachments/${file.id}?token=`);
    await b.say('Tin của B');

    // A's own link works and returns the bytes.
    const own = await t.app.inject({ method: 'GET', url: new URL(file.url).pathname + new URL(file.url).search });
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(PNG)).toBe(true);
    expect(own.headers['x-content-type-options']).toBe('nosniff');

    // B sees only B's messages, and cannot fetch A's file.
    const listB = await b.call('GET', '/messages?after=0');
    expect(listB.body.messages.map((x: { body: string }) => x.body)).toEqual(['Tin của B']);
    const steal = await t.app.inject({ method: 'GET', url: `/api/widget/${widget.key}/attachments/${file.id}?token=${encodeURIComponent(b.token!)}` });
    expect(steal.statusCode).toBe(404);
    // No token, a wrong token, or A's token on another widget: 401.
    const noToken = await t.app.inject({ method: 'GET', url: `/api/widget/${widget.key}/attachments/${file.id}` });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.json().error.id).toBe('widget.visitor_token_invalid');
    const anon = visitorClient(t, widget.key);
    anon.token = 'wv_nobody';
    expect((await anon.call('GET', '/messages?after=0')).status).toBe(401);
    const otherWidget = await createWidget(t, w.admin.cookie);
    const cross = visitorClient(t, otherWidget.key);
    cross.token = a.token;
    expect((await cross.call('GET', '/messages?after=0')).status).toBe(401);
  });

  it('limits uploads by size (413) and type (415)', async () => {
    const small = await createWidget(t, w.admin.cookie, { maxUploadMb: 1 });
    const v = visitorClient(t, small.key);
    await v.start({});
    // Inline (base64 JSON) files are for small ones only: larger files go to /files as a stream (uploads.test.ts).
    const big = Buffer.alloc(1024 * 1024 + 10, 0x61);
    const tooBig = await v.say('file lớn', undefined, { attachments: [{ filename: 'a.txt', contentType: 'text/plain', dataBase64: big.toString('base64') }] });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.id).toBe('request.too_large');
    const html = await v.say('trang', undefined, { attachments: [{ filename: 'x.html', contentType: 'text/html', dataBase64: Buffer.from('<script>alert(1)</script>').toString('base64') }] });
    expect(html.status).toBe(415);
    expect(html.body.error.id).toBe('widget.file_type_not_allowed');
    const disguised = await v.say('ảnh', undefined, { attachments: [{ filename: 'x.png', contentType: 'image/png', dataBase64: Buffer.from('<html></html>').toString('base64') }] });
    expect(disguised.status).toBe(415);
    // Nothing was filed by the refused requests.
    expect((await v.call('GET', '/messages?after=0')).body.messages).toEqual([]);
    // A body beyond the route's limit is refused before parsing.
    const huge = await v.say('x', undefined, { attachments: [{ filename: 'a.txt', contentType: 'text/plain', dataBase64: 'A'.repeat(17 * 1024 * 1024) }] });
    expect(huge.status).toBe(413);
  });

  it('rate-limits messages per visitor token and sessions per address (429 widget.rate_limited)', async () => {
    const v = visitorClient(t, widget.key);
    await v.start({});
    // Sent together, so all 22 fall in one 10-second window however slow the machine is (one by one, a busy
    // machine could take longer than the window and let the 21st through).
    const said = await Promise.all(Array.from({ length: 22 }, (_, i) => v.say(`tin ${i}`)));
    expect(said.filter((r) => r.status === 201)).toHaveLength(20);
    const limited = said.filter((r) => r.status !== 201);
    expect(limited.map((r) => [r.status, r.body.error.id])).toEqual([
      [429, 'widget.rate_limited'],
      [429, 'widget.rate_limited'],
    ]);

    const ip = '10.99.0.1';
    const codes: number[] = [];
    const first = visitorClient(t, widget.key, { ip });
    await first.start({});
    for (let i = 0; i < 10; i++) codes.push((await visitorClient(t, widget.key, { ip }).call('POST', '/sessions', {})).status);
    expect(codes.slice(0, 9).every((s) => s === 200)).toBe(true);
    expect(codes[9]).toBe(429);
    // Returning visitors (a valid token) resume on every page load: not counted against new sessions.
    for (let i = 0; i < 3; i++) expect((await first.call('POST', '/sessions', { visitorToken: first.token })).status).toBe(200);
  });

  it('outside business hours says when the team is back and takes an email to answer to', async () => {
    const offline = await seedWorkspace(t, 'Shop Đêm');
    const admin = offline.admin.cookie;
    // Open every day, but today (in the workspace zone) is a holiday: closed now, back at midnight.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    await openAllWeek(t, offline.workspaceId);
    await t.ctx.db.query('INSERT INTO holidays (id, workspace_id, day, name) VALUES (gen_random_uuid(), $1, $2, $3)', [offline.workspaceId, today, 'Nghỉ']);
    const wg = await createWidget(t, admin);
    const v = visitorClient(t, wg.key);
    const cfg = await v.call('GET', '/config');
    expect(cfg.body.online).toBe(false);
    const back = new Date(cfg.body.nextOpenAt);
    expect(back.getTime()).toBeGreaterThan(Date.now());
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(back)).toBe('00:00');

    const s = await v.start({ name: 'Chị Hoa' });
    expect(s.online).toBe(false);
    const bad = await v.call('POST', '/offline', { email: 'khong-phai-email', body: 'Gọi lại giúp tôi' });
    expect(bad.status).toBe(400);
    const r = await v.call('POST', '/offline', { email: 'Hoa.Nguyen@Example.vn', body: 'Sáng mai gọi lại giúp tôi nhé' });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ ok: true });
    const msg = await t.ctx.db.one<{ customer_id: string; ticket_id: string; meta: { offline?: boolean } }>(`SELECT m.customer_id, m.ticket_id, m.meta FROM messages m WHERE m.workspace_id = $1 AND m.body = 'Sáng mai gọi lại giúp tôi nhé'`, [offline.workspaceId]);
    expect(msg.meta.offline).toBe(true);
    // The typed email is a claim for an agent to confirm, not an identity.
    const claims = await t.ctx.db.query('SELECT kind, value FROM customer_identity_claims WHERE customer_id = $1', [msg.customer_id]);
    expect(claims).toEqual([{ kind: 'email', value: 'hoa.nguyen@example.vn' }]);
    // Not a live chat: recorded as ended (offline), never as abandoned.
    const chat = await t.ctx.db.one('SELECT status, end_reason FROM webchat_conversations WHERE ticket_id = $1', [msg.ticket_id]);
    expect(chat).toEqual({ status: 'ended', end_reason: 'offline' });
    // Told as such: started and ended at once, reason offline (surveys ask nothing, metrics count no abandonment).
    const told = await t.ctx.db.query(`SELECT type, data->>'status' AS status, data->>'reason' AS reason FROM events WHERE type LIKE 'chat.%' AND data->>'ticketId' = $1 ORDER BY id`, [msg.ticket_id]);
    expect(told).toEqual([{ type: 'chat.started', status: null, reason: null }, { type: 'chat.ended', status: 'ended', reason: 'offline' }]);
  });

  it('serves the widget bundle from dist/widget, or says it is not built', async () => {
    const file = path.resolve('dist/widget/widget.js');
    const res = await t.app.inject({ method: 'GET', url: '/widget.js' });
    if (fs.existsSync(file)) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/javascript');
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.body).toBe(fs.readFileSync(file, 'utf8'));
    } else {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.id).toBe('widget.bundle_missing');
    }
  });

  it('computes availability from the calendar', () => {
    const cal = { timezone: 'Asia/Ho_Chi_Minh', weekly: { mon: [['08:00', '17:30']] as [string, string][] }, holidays: [] };
    // Monday 2026-11-23 10:00 in Hà Nội = 03:00Z: open.
    expect(availabilityAt(cal, new Date('2026-11-23T03:00:00Z'))).toEqual({ online: true, nextOpenAt: null });
    // Monday 18:00 local: closed until next Monday 08:00 local (01:00Z).
    expect(availabilityAt(cal, new Date('2026-11-23T11:00:00Z'))).toEqual({ online: false, nextOpenAt: '2026-11-30T01:00:00.000Z' });
    expect(availabilityAt({ ...cal, weekly: {} }, new Date())).toEqual({ online: false, nextOpenAt: null });
  });

  it('changing allowed origins takes effect', async () => {
    const wg = await createWidget(t, w.admin.cookie);
    const v = visitorClient(t, wg.key, { origin: 'https://anywhere.example' });
    expect((await v.call('GET', '/config')).status).toBe(200);
    await patchWidget(t, w.admin.cookie, wg.id, { allowedOrigins: ['https://only.example'] });
    expect((await v.call('GET', '/config')).status).toBe(403);
    const agent = await seedUser(t, w.workspaceId, 'agent');
    // The agent-side typing route needs a login.
    const res = await t.app.inject({ method: 'POST', url: `/api/tickets/${crypto.randomUUID()}/typing`, headers: { cookie: agent.cookie } });
    expect(res.statusCode).toBe(404);
  });
});
