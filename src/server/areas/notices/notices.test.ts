import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { addMailbox, startSmtpSink } from '../../test/fixtures/email.js';
import { startFakeZalo, type FakeZalo } from '../../test/fakes/zalo/server.js';
import { seedZaloAccount } from '../../test/fakes/zalo/accounts.js';
import { ingestInbound } from '../tickets/index.js';
import { upsertOrder } from '../orders/index.js';
import { FANOUT_JOB, reactionJobName } from '../../core/events/reactions.js';
import { orderNoticeReaction, DELIVER_NOTICE_JOB, SURVEY_JOB } from './reactions.js';
import { defaultNoticeSettings, dueAfterQuietHours } from './settings.js';
import { renderNotice } from './render.js';
import type { NoticeSettings, NoticeStatus } from '../../../shared/notices.js';

// Real parts end to end: an order's status changes through the orders area's command → the durable
// reaction (its job written in the order's transaction) → the notice and its message → the outbound
// delivery job → nodemailer to a local SMTP sink, or the fake Zalo's ZNS endpoint.

interface Sunk {
  to: string[];
  mail: ParsedMail;
}
const sunk: Sunk[] = [];
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let t: TestApp;
let fake: FakeZalo;
let ws: SeededWorkspace;
let zaloAccountId: string;

const TZ = 'Asia/Ho_Chi_Minh';

beforeAll(async () => {
  sink = await startSmtpSink(sunk);
  fake = await startFakeZalo();
  t = await createTestApp();
  Object.assign(t.ctx.env, fake.env);
  ws = await seedWorkspace(t);
  await addMailbox(t, ws, { address: 'donhang@dienmay-ks.vn', smtp: { host: '127.0.0.1', port: sink.port, secure: false } });
  ({ id: zaloAccountId } = await seedZaloAccount(t.ctx, ws.workspaceId, fake));
  await t.ctx.db.query(`UPDATE channel_accounts SET config = config || $2::jsonb WHERE id = $1`, [
    zaloAccountId,
    JSON.stringify({ zns: { templates: { order_status: { templateId: '250002', params: { order_code: '{{order.number}}', status: '{{order.status}}' } } } } }),
  ]);
  // No quiet hours unless a test asks for them: the outcome must not depend on the hour the suite runs.
  await saveSettings((s) => ({ ...s, quietHours: { ...s.quietHours, enabled: false } }));
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
  await sink?.close();
});
beforeEach(() => {
  sunk.length = 0;
});

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${seq++}`;

async function api(method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: { cookie: ws.admin.cookie }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}

async function saveSettings(change: (s: NoticeSettings) => NoticeSettings) {
  const cur = await api('GET', '/api/notices/settings');
  expect(cur.status).toBe(200);
  const r = await api('PUT', '/api/notices/settings', change(cur.body.settings));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** An order written (or updated) through the orders area; its reaction and deliveries run. */
async function order(code: string, status: NoticeStatus | 'draft', customer: { phone?: string; email?: string; name?: string }, extra: Record<string, unknown> = {}) {
  const r = await upsertOrder(t.ctx.db, {
    workspaceId: ws.workspaceId,
    source: 'api',
    code,
    actor: { kind: 'system', workspaceId: ws.workspaceId },
    data: {
      kind: 'order',
      status,
      customer: { name: 'Nguyễn Thị Lan', ...customer },
      orderedAt: new Date(Date.now() - 3600_000).toISOString(),
      updatedAt: new Date(Date.now() - 1000 + seq++).toISOString(),
      total: 12_490_000,
      carrier: 'GHTK',
      items: [{ sku: 'MG-LG9', name: 'Máy giặt LG 9kg', quantity: 1, unitPrice: 12_490_000 }],
      ...extra,
    } as never,
  });
  await settle();
  return r.orderId;
}

async function settle() {
  await t.ctx.jobs.drain([FANOUT_JOB, reactionJobName(orderNoticeReaction), DELIVER_NOTICE_JOB, 'outbound.deliver']);
}

const notices = (orderId: string) =>
  t.ctx.db.query<{ id: string; status: string; state: string; reason: string | null; channel: string | null; message_id: string | null; attempts: { channel: string; reason: string }[]; due_at: Date; ticket_id: string | null }>(
    'SELECT * FROM order_notices WHERE order_id = $1 ORDER BY created_at, id',
    [orderId],
  );
const messageOf = (id: string) =>
  t.ctx.db.one<{ body: string; channel: string; delivery_status: string; meta: Record<string, unknown> }>('SELECT body, channel, delivery_status, meta FROM messages WHERE id = $1', [id]);

/** Local HH:MM in the workspace zone, `minutes` from now. */
function localHHMM(minutes: number) {
  const p = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + minutes * 60_000));
  return p;
}

/** Moves this queue's waiting jobs to due now (as the clock would after quiet hours or N days). */
async function makeDue(name: string) {
  await t.ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = $1 AND state IN ('created', 'retry')`, [name]);
}

describe('quiet hours and templates (pure)', () => {
  const quiet = { enabled: true, start: '21:00', end: '08:00' };
  it('a notice at 23:00 waits for 08:00 the next morning; at 07:00 for 08:00 the same day; at noon goes now', () => {
    expect(dueAfterQuietHours(new Date('2026-03-03T16:00:00Z'), quiet, TZ).toISOString()).toBe('2026-03-04T01:00:00.000Z');
    expect(dueAfterQuietHours(new Date('2026-03-04T00:00:00Z'), quiet, TZ).toISOString()).toBe('2026-03-04T01:00:00.000Z');
    const noon = new Date('2026-03-04T05:00:00Z');
    expect(dueAfterQuietHours(noon, quiet, TZ)).toBe(noon);
    expect(dueAfterQuietHours(noon, { enabled: false, start: '00:00', end: '23:59' }, TZ)).toBe(noon);
  });
  it('a line whose variable is empty is left out; others are filled', () => {
    const text = renderNotice(defaultNoticeSettings().statuses.shipping.templates.vi, { order_code: 'DH1', carrier: 'GHTK', tracking: '' });
    expect(text).toBe('Đơn hàng DH1 đang được giao đến anh/chị.\nĐơn vị vận chuyển: GHTK');
  });
});

describe('order notices', () => {
  it('a status change is told by email (VND, items, template in Vietnamese), with an unsubscribe link that works', async () => {
    const email = `lan-${uniq()}@khach.vn`;
    const code = `DH-${uniq()}`;
    const id = await order(code, 'draft', { email });
    expect(await notices(id)).toEqual([]); // drafts are not announced
    await order(code, 'confirmed', { email });
    const [n] = await notices(id);
    expect(n).toMatchObject({ status: 'confirmed', state: 'sent', channel: 'email' });
    const m = await messageOf(n!.message_id!);
    expect(m.delivery_status).toBe('sent');
    expect(m.meta).toMatchObject({ automated: true, purpose: 'order_status', order: { number: code, status: 'đã xác nhận' } });
    const mail = sunk.find((s) => s.to.includes(email))!;
    expect(mail, 'the mail reached the SMTP sink').toBeDefined();
    expect(mail.mail.subject).toContain(`Đơn hàng ${code}`);
    expect(mail.mail.text).toContain('Máy giặt LG 9kg × 1');
    expect(mail.mail.text).toContain('12.490.000 ₫');
    // The notice's ticket is closed at once: no agent work waits on it, and no survey was triggered by it.
    const ticket = await t.ctx.db.one<{ status: string; tags: string[] }>('SELECT status, tags FROM tickets WHERE id = $1', [n!.ticket_id]);
    expect(ticket).toMatchObject({ status: 'closed', tags: ['order-notice'] });
    expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM survey_requests WHERE ticket_id = $1', [n!.ticket_id])).n).toBe(0);

    // The log shows it with the message's own delivery status.
    const log = await api('GET', `/api/notices?orderId=${id}`);
    expect(log.body.items).toMatchObject([{ orderCode: code, display: 'sent', channel: 'email', status: 'confirmed' }]);

    // The link: GET asks (changes nothing), POST confirms; afterwards nothing goes out.
    const link = /\/n\/unsubscribe\/([A-Za-z0-9_-]+)/.exec(mail.mail.text ?? '')![1]!;
    const get = await t.app.inject({ method: 'GET', url: `/n/unsubscribe/${link}` });
    expect(get.statusCode).toBe(200);
    expect(get.body).toContain('Xác nhận huỷ đăng ký');
    const customerId = (await t.ctx.db.one<{ customer_id: string }>('SELECT customer_id FROM orders WHERE id = $1', [id])).customer_id;
    expect((await api('GET', `/api/customers/${customerId}/notice-subscription`)).body.subscribed).toBe(true);
    const post = await t.app.inject({ method: 'POST', url: `/n/unsubscribe/${link}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(post.statusCode).toBe(200);
    expect((await api('GET', `/api/customers/${customerId}/notice-subscription`)).body).toMatchObject({ subscribed: false, via: 'link' });
    expect((await t.app.inject({ method: 'GET', url: `/n/unsubscribe/${'x'.repeat(24)}` })).statusCode).toBe(404);

    sunk.length = 0;
    await order(code, 'shipping', { email });
    const after = await notices(id);
    expect(after.at(-1)).toMatchObject({ status: 'shipping', state: 'skipped', reason: 'unsubscribed', message_id: null });
    expect(sunk).toEqual([]);
    // The 360's timeline shows each notice once, with its delivery status or why it was skipped.
    const tl = await api('GET', `/api/customers/${customerId}/timeline`);
    const mine = (tl.body.items as { kind: string; title: string; ticketId: string | null }[]).filter((i) => i.kind === 'notice');
    expect(mine.map((i) => i.title)).toEqual([`skipped:shipping:unsubscribed:${code}`, `sent:confirmed::${code}`]);
    expect((tl.body.items as { kind: string }[]).filter((i) => i.kind === 'message')).toEqual([]);
    // An agent subscribes them again from the 360: the next status goes out.
    expect((await api('POST', `/api/customers/${customerId}/notice-resubscribe`)).body.subscribed).toBe(true);
    await order(code, 'delivered', { email }, { deliveredAt: new Date().toISOString() });
    expect((await notices(id)).at(-1)).toMatchObject({ status: 'delivered', state: 'sent', channel: 'email' });
  });

  it('Zalo outside its window: the notice goes by the ZNS template mapped for order notices', async () => {
    const userId = `${Date.now()}${seq++}`;
    const phone = `+8491${String(1000000 + (seq++ % 8999999)).padStart(7, '0')}`;
    const msgId = crypto.randomBytes(8).toString('hex');
    const at = new Date(Date.now() - 49 * 3600_000);
    fake.state.messages.userMessage(msgId, userId, at.getTime());
    await ingestInbound(
      t.ctx.db,
      {
        channel: 'zalo', externalId: msgId, from: { kind: 'zalo', value: userId, name: 'Khách Zalo' }, extraIdentities: [{ kind: 'phone', value: phone }],
        body: 'Cho hỏi máy giặt', contentType: 'text', attachments: [], sentAt: at, channelAccountId: zaloAccountId, meta: { zalo: { event: 'user_send_text', userId } },
      },
      { kind: 'system', workspaceId: ws.workspaceId },
    );
    const before = fake.state.zns.sent.length;
    const code = `DH-${uniq()}`;
    const id = await order(code, 'shipping', { phone });
    const [n] = await notices(id);
    expect(n).toMatchObject({ state: 'sent', channel: 'zalo' });
    const zm = await t.ctx.db.one('SELECT delivery_error, delivery_failure FROM messages WHERE id = $1', [n!.message_id]);
    expect(await messageOf(n!.message_id!), JSON.stringify(zm)).toMatchObject({ channel: 'zalo', delivery_status: 'sent' });
    expect(fake.state.zns.sent.length).toBe(before + 1);
    const zns = fake.state.zns.sent.at(-1)!;
    expect(zns).toMatchObject({ phone: phone.slice(1), templateId: '250002', trackingId: n!.message_id });
    expect(zns.templateData).toMatchObject({ order_code: code, status: 'đang giao' });
    expect((await messageOf(n!.message_id!)).body).toContain('Trả lời HUY');

    // The customer answers "Hủy" on Zalo: the next notice is not sent, and they show as opted out by reply.
    const stopId = crypto.randomBytes(8).toString('hex');
    fake.state.messages.userMessage(stopId, userId, Date.now());
    const r = await ingestInbound(
      t.ctx.db,
      { channel: 'zalo', externalId: stopId, from: { kind: 'zalo', value: userId, name: 'Khách Zalo' }, body: 'Hủy!', contentType: 'text', attachments: [], channelAccountId: zaloAccountId, meta: { zalo: { event: 'user_send_text', userId } } },
      { kind: 'system', workspaceId: ws.workspaceId },
    );
    await order(code, 'delivered', { phone }, { deliveredAt: new Date().toISOString() });
    expect((await notices(id)).at(-1)).toMatchObject({ status: 'delivered', state: 'skipped', reason: 'unsubscribed' });
    expect(fake.state.zns.sent.length).toBe(before + 1);
    expect((await api('GET', `/api/customers/${r.customerId}/notice-subscription`)).body).toMatchObject({ subscribed: false, via: 'reply' });
  });

  it('Messenger outside its 24 h: not used; the next channel (email) takes the notice and the log says why', async () => {
    const email = `mess-${uniq()}@khach.vn`;
    const psid = `psid-${uniq()}`;
    const at = new Date(Date.now() - 30 * 3600_000);
    const r = await ingestInbound(
      t.ctx.db,
      { channel: 'messenger', externalId: `mid.${uniq()}`, from: { kind: 'messenger', value: psid, name: 'Khách Mess' }, extraIdentities: [{ kind: 'email', value: email }], body: 'Alo shop', contentType: 'text', attachments: [], sentAt: at },
      { kind: 'system', workspaceId: ws.workspaceId },
    );
    await t.ctx.db.query(`UPDATE customers SET preferred_channel = 'messenger' WHERE id = $1`, [r.customerId]);
    const code = `DH-${uniq()}`;
    const id = await order(code, 'confirmed', { email });
    const [n] = await notices(id);
    expect(n).toMatchObject({ state: 'sent', channel: 'email' });
    expect(n!.attempts).toContainEqual({ channel: 'messenger', reason: 'window_closed' });
    const msgs = await t.ctx.db.query('SELECT 1 FROM messages WHERE ticket_id = $1 AND direction = $2', [r.ticketId, 'outbound']);
    expect(msgs).toEqual([]);
  });

  it('no channel at all: skipped with the reason, visible in the log', async () => {
    const code = `DH-${uniq()}`;
    // A foreign phone: no ZNS, no email.
    const id = await order(code, 'confirmed', { phone: '+12025550143' });
    const [n] = await notices(id);
    expect(n).toMatchObject({ state: 'skipped', reason: 'no_channel', message_id: null });
    const log = await api('GET', `/api/notices?orderCode=${code}&display=skipped`);
    expect(log.body.items).toMatchObject([{ reason: 'no_channel', display: 'skipped' }]);
  });

  it('a redelivered event or a job that runs twice sends one notice', async () => {
    const email = `dup-${uniq()}@khach.vn`;
    const code = `DH-${uniq()}`;
    const id = await order(code, 'confirmed', { email });
    const ev = await t.ctx.db.query<{ id: string }>(`SELECT id FROM events WHERE subject_id = $1 AND type IN ('order.created', 'order.status_changed')`, [id]);
    for (let i = 0; i < 2; i++) await t.ctx.jobs.send(reactionJobName(orderNoticeReaction), { eventIds: ev.map((e) => String(e.id)) });
    await settle();
    expect(await notices(id)).toHaveLength(1);
    expect(sunk.filter((s) => s.to.includes(email))).toHaveLength(1);
  });

  it('quiet hours: scheduled for their end; a later status supersedes it; the customer hears only the latest', async () => {
    await saveSettings((s) => ({ ...s, quietHours: { enabled: true, start: localHHMM(-60), end: localHHMM(90) } }));
    try {
      const email = `quiet-${uniq()}@khach.vn`;
      const code = `DH-${uniq()}`;
      const id = await order(code, 'confirmed', { email });
      const [n] = await notices(id);
      expect(n).toMatchObject({ state: 'scheduled', message_id: null });
      expect(new Date(n!.due_at).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
      const job = await t.ctx.db.one<{ start_after: Date }>(`SELECT start_after FROM pgboss.job WHERE name = $1 AND data->>'noticeId' = $2`, [DELIVER_NOTICE_JOB, n!.id]);
      expect(new Date(job.start_after).getTime()).toBe(new Date(n!.due_at).getTime());
      expect(sunk).toEqual([]);

      await order(code, 'shipping', { email });
      const both = await notices(id);
      expect(both.map((x) => [x.status, x.state, x.reason])).toEqual([
        ['confirmed', 'skipped', 'superseded'],
        ['shipping', 'scheduled', null],
      ]);
      await makeDue(DELIVER_NOTICE_JOB);
      await settle();
      const end = await notices(id);
      expect(end.map((x) => [x.status, x.state])).toEqual([
        ['confirmed', 'skipped'],
        ['shipping', 'sent'],
      ]);
      expect(sunk.filter((s) => s.to.includes(email))).toHaveLength(1);

      // Cancelled meanwhile (its own notice switched off): the waiting one is not sent either.
      await saveSettings((s) => ({ ...s, statuses: { ...s.statuses, cancelled: { ...s.statuses.cancelled, enabled: false } } }));
      const code2 = `DH-${uniq()}`;
      const id2 = await order(code2, 'shipping', { email });
      await order(code2, 'cancelled', { email });
      await makeDue(DELIVER_NOTICE_JOB);
      await settle();
      expect((await notices(id2)).map((x) => [x.status, x.state, x.reason])).toEqual([['shipping', 'skipped', 'order_cancelled']]);
    } finally {
      await saveSettings((s) => ({ ...s, quietHours: { ...s.quietHours, enabled: false }, statuses: { ...s.statuses, cancelled: { ...s.statuses.cancelled, enabled: true } } }));
    }
  });

  it('old status changes (an import of history) are not announced', async () => {
    const code = `DH-${uniq()}`;
    const r = await upsertOrder(t.ctx.db, {
      workspaceId: ws.workspaceId, source: 'api', code, actor: null,
      data: { kind: 'order', status: 'delivered', customer: { email: `old-${uniq()}@khach.vn` }, orderedAt: '2025-01-02T03:00:00Z', updatedAt: '2025-01-05T03:00:00Z', total: 100_000 } as never,
    });
    await settle();
    expect(await notices(r.orderId)).toEqual([]);
  });

  it('a survey N days after delivery, once per order, through the surveys area', async () => {
    await saveSettings((s) => ({ ...s, survey: { enabled: true, days: 3, type: 'csat' } }));
    try {
      const email = `survey-${uniq()}@khach.vn`;
      const code = `DH-${uniq()}`;
      const id = await order(code, 'delivered', { email }, { deliveredAt: new Date().toISOString() });
      const row = await t.ctx.db.one<{ state: string; due_at: Date }>('SELECT state, due_at FROM notice_surveys WHERE order_id = $1', [id]);
      expect(row.state).toBe('scheduled');
      expect(new Date(row.due_at).getTime()).toBeGreaterThan(Date.now() + 2.9 * 86_400_000);
      // Delivered again (a replay with a change elsewhere) and completed: still one survey.
      await order(code, 'completed', { email });
      await makeDue(SURVEY_JOB);
      await t.ctx.jobs.drain([SURVEY_JOB, 'outbound.deliver']);
      await makeDue(SURVEY_JOB);
      await t.ctx.jobs.drain([SURVEY_JOB]);
      const after = await t.ctx.db.one<{ state: string; survey_request_id: string | null }>('SELECT state, survey_request_id FROM notice_surveys WHERE order_id = $1', [id]);
      expect(after.state).toBe('sent');
      const reqs = await t.ctx.db.query<{ about_ref: string; type: string }>('SELECT about_ref, type FROM survey_requests WHERE about_ref = $1', [`order:${code}`]);
      expect(reqs).toEqual([{ about_ref: `order:${code}`, type: 'csat' }]);
    } finally {
      await saveSettings((s) => ({ ...s, survey: { ...s.survey, enabled: false } }));
    }
  });

  it('settings: bad input is refused with a stable id; agents may read, not change', async () => {
    const cur = (await api('GET', '/api/notices/settings')).body.settings as NoticeSettings;
    const bad = { ...cur, statuses: { ...cur.statuses, paid: { enabled: true, templates: { vi: 'Đơn {{order_no}}', en: 'x' } } } };
    const r = await api('PUT', '/api/notices/settings', bad);
    expect(r.status).toBe(400);
    expect(r.body.error.id).toBe('notice.unknown_variable');
    const r2 = await api('PUT', '/api/notices/settings', { ...cur, quietHours: { enabled: true, start: '25:00', end: '08:00' } });
    expect(r2.status).toBe(400);
    expect((await api('GET', '/api/notices/settings')).body.settings).toEqual(cur);
  });
});
