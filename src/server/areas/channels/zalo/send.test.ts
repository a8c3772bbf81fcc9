import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { startFakeZalo, type FakeZalo } from '../../../test/fakes/zalo/server.js';
import { seedZaloAccount } from '../../../test/fakes/zalo/accounts.js';
import { api } from '../../../test/fixtures/tickets.js';
import { findSentMessage } from '../../../core/channels/outbox.js';
import { ingestInbound } from '../../tickets/index.js';
import { recordZaloSurveyReply } from './survey.js';
import { postZaloWebhook, userMessage } from '../../../test/fakes/zalo/webhook.js';
import { WEBHOOK_JOB } from './webhook.routes.js';

let t: TestApp;
let fake: FakeZalo;
let w: SeededWorkspace;
let accountId: string;
let webhookKey: string;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp();
  fake = await startFakeZalo();
  Object.assign(t.ctx.env, fake.env);
  w = await seedWorkspace(t);
  ({ id: accountId, address: webhookKey } = await seedZaloAccount(t.ctx, w.workspaceId, fake));
});

/** Zalo posts an event to our signed webhook; its job processes it. */
async function webhook(event: unknown, key = webhookKey) {
  const r = await postZaloWebhook(t.app, fake, key, event);
  expect(r.statusCode, r.body).toBe(200);
  await t.ctx.jobs.drain([WEBHOOK_JOB]);
}
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const newUserId = () => `${Date.now()}${String(seq++).padStart(4, '0')}`;
const newMsgId = () => crypto.randomBytes(10).toString('hex');

/** A Zalo user writes to the OA (as the webhook's inbound job hands it to tickets): returns the ticket and the msg_id. */
async function userWrites(userId: string, text: string, opts: { account?: string; at?: Date; phone?: string } = {}) {
  const msgId = newMsgId();
  const at = opts.at ?? new Date();
  fake.state.messages.userMessage(msgId, userId, at.getTime());
  const r = await ingestInbound(
    t.ctx.db,
    {
      channel: 'zalo',
      externalId: msgId,
      from: { kind: 'zalo', value: userId, name: 'Khách Zalo' },
      ...(opts.phone ? { extraIdentities: [{ kind: 'phone', value: opts.phone }] } : {}),
      body: text,
      contentType: 'text',
      attachments: [],
      sentAt: at,
      channelAccountId: opts.account ?? accountId,
      meta: { zalo: { event: 'user_send_text', userId } },
    },
    { kind: 'system', workspaceId: w.workspaceId },
  );
  return { ...r, msgId };
}

async function reply(ticketId: string, body: string, attachments: { filename: string; contentType: string; data: Buffer }[] = []) {
  const r = await api(t, w.admin.cookie, 'POST', `/api/tickets/${ticketId}/messages`, {
    body,
    kind: 'reply',
    attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, dataBase64: a.data.toString('base64') })),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await t.ctx.jobs.drain(['outbound.deliver']);
  return message(r.body.message.id as string);
}

const message = (id: string) =>
  t.ctx.db.one<{ id: string; delivery_status: string; delivery_failure: string | null; delivery_error: string | null; external_id: string | null; meta: Record<string, unknown> }>(
    'SELECT id, delivery_status, delivery_failure, delivery_error, external_id, meta FROM messages WHERE id = $1',
    [id],
  );
const csCalls = () => fake.state.calls.filter((c) => c.path === '/v3.0/oa/message/cs');
const replyChannel = async (ticketId: string) => (await api(t, w.admin.cookie, 'GET', `/api/tickets/${ticketId}/reply-channel`)).body.replyChannel;

// A 1×1 PNG and a tiny GIF header: real bytes of the documented types.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('Zalo send against the fake OpenAPI', () => {
  it('sends a text reply as a reply to the user message (recipient.message_id), with the access token, and keeps the msg_id', async () => {
    const user = newUserId();
    const inbound = await userWrites(user, 'Máy lạnh nhà em không mát');
    const before = csCalls().length;
    const m = await reply(inbound.ticketId, 'Dạ em chào anh, kỹ thuật viên sẽ gọi anh trong hôm nay.');
    expect(m.delivery_status).toBe('sent');
    const calls = csCalls().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['access_token']).toBeTruthy();
    expect(calls[0]!.json).toEqual({ recipient: { message_id: inbound.msgId }, message: { text: 'Dạ em chào anh, kỹ thuật viên sẽ gọi anh trong hôm nay.' } });
    const sent = fake.state.messages.sent.at(-1)!;
    expect(sent).toMatchObject({ userId: user, quotaType: 'reply' });
    expect(m.external_id).toBe(sent.messageId);
    // A delivery report naming that msg_id finds our message (user_received_message / user_seen_message).
    expect(await findSentMessage(t.ctx.db, { workspaceId: w.workspaceId, channel: 'zalo', ids: [sent.messageId] })).toBe(m.id);
  });

  it('uploads an image (attachment_id, media template carrying the text) and a file (token) as the documented shapes', async () => {
    const inbound = await userWrites(newUserId(), 'Gửi em hoá đơn với');
    const before = fake.state.calls.length;
    const m = await reply(inbound.ticketId, 'Ảnh phiếu bảo hành và hoá đơn của anh ạ', [
      { filename: 'phieu.png', contentType: 'image/png', data: PNG },
      { filename: 'hoa-don.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4\n%fake\n') },
    ]);
    expect(m.delivery_status).toBe('sent');
    // Text and image first (the image carries the text), then the file: one attachment per Zalo message.
    const calls = fake.state.calls.slice(before).map((c) => c.path);
    expect(calls).toEqual(['/v2.0/oa/upload/image', '/v3.0/oa/message/cs', '/v2.0/oa/upload/file', '/v3.0/oa/message/cs']);
    const [image, file] = fake.state.messages.uploads.slice(-2);
    expect(image).toMatchObject({ kind: 'image', filename: 'phieu.png', contentType: 'image/png', size: PNG.length });
    expect(file).toMatchObject({ kind: 'file', filename: 'hoa-don.pdf' });
    const [first, second] = fake.state.messages.sent.slice(-2);
    expect(first!.message).toEqual({
      text: 'Ảnh phiếu bảo hành và hoá đơn của anh ạ',
      attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: image!.ref }] } },
    });
    expect(second!.message).toEqual({ attachment: { type: 'file', payload: { token: file!.ref } } });
    expect(m.meta.zalo).toMatchObject({ via: 'cs', parts: 2, replyTo: inbound.msgId, sent: [first!.messageId, second!.messageId] });
    // Each part's msg_id finds the message (Zalo reports receipt per msg_id).
    expect(await findSentMessage(t.ctx.db, { workspaceId: w.workspaceId, channel: 'zalo', ids: [first!.messageId] })).toBe(m.id);
  });

  it('a failure after some parts were sent: the retry sends only the rest (no double message to the customer)', async () => {
    const inbound = await userWrites(newUserId(), 'Gửi em ảnh và file');
    fake.state.messages.failNext(-32, 'Your application reached limit call api', 1, 1);
    const m = await reply(inbound.ticketId, 'Ảnh và hướng dẫn ạ', [
      { filename: 'anh.png', contentType: 'image/png', data: PNG },
      { filename: 'huong-dan.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4\n') },
    ]);
    // Rate-limited on the second part: still queued, retried later, the reason shown meanwhile.
    expect(m).toMatchObject({ delivery_status: 'queued', delivery_failure: 'rate_limited' });
    const firstId = (m.meta.zalo as { sent: (string | null)[] }).sent[0];
    expect(firstId).toBeTruthy();
    const sentBefore = fake.state.messages.sent.length;
    await t.ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = 'outbound.deliver' AND state IN ('retry', 'created') AND data->>'messageId' = $1`, [m.id]);
    await t.ctx.jobs.drain(['outbound.deliver']);
    const after = await message(m.id);
    expect(after.delivery_status).toBe('sent');
    const resent = fake.state.messages.sent.slice(sentBefore);
    expect(resent).toHaveLength(1);
    expect(resent[0]!.message).toMatchObject({ attachment: { type: 'file' } });
    expect(after.meta.zalo).toMatchObject({ sent: [firstId, resent[0]!.messageId] });
  });

  it('refuses an attachment Zalo cannot take before calling Zalo, with a reason', async () => {
    const inbound = await userWrites(newUserId(), 'Cho em xin file');
    const before = fake.state.calls.length;
    const m = await reply(inbound.ticketId, 'File nén đây ạ', [{ filename: 'bao-gia.zip', contentType: 'application/zip', data: Buffer.from('PK') }]);
    expect(m).toMatchObject({ delivery_status: 'failed', delivery_failure: 'recipient_rejected' });
    expect(m.delivery_error).toContain('bao-gia.zip');
    expect(fake.state.calls.length).toBe(before);
  });

  it('-216 invalid token: refreshes the token once and sends again with the new one', async () => {
    const { id } = await seedZaloAccount(t.ctx, w.workspaceId, fake);
    const inbound = await userWrites(newUserId(), 'Alo shop', { account: id });
    const refreshesBefore = fake.state.oauth.granted.refresh_token;
    fake.state.messages.failNext(-216, 'Access token is invalid');
    const before = csCalls().length;
    const m = await reply(inbound.ticketId, 'Dạ shop nghe ạ');
    expect(m.delivery_status).toBe('sent');
    const calls = csCalls().slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.headers['access_token']).not.toBe(calls[0]!.headers['access_token']);
    expect(fake.state.oauth.granted.refresh_token - refreshesBefore).toBe(1);
  });

  it('-216 again after the refresh: fails as reconnect_needed, no third call', async () => {
    const { id } = await seedZaloAccount(t.ctx, w.workspaceId, fake);
    const inbound = await userWrites(newUserId(), 'Alo', { account: id });
    fake.state.messages.failNext(-216, 'Access token is invalid', 2);
    const before = csCalls().length;
    const m = await reply(inbound.ticketId, 'Dạ');
    expect(m).toMatchObject({ delivery_status: 'failed', delivery_failure: 'reconnect_needed' });
    expect(csCalls().length - before).toBe(2);
  });

  it('a quota error fails at once with its code and reason, not retried', async () => {
    const inbound = await userWrites(newUserId(), 'Còn hàng không shop');
    fake.state.messages.failNext(-211, 'Out of quota');
    const before = csCalls().length;
    const m = await reply(inbound.ticketId, 'Dạ còn ạ');
    expect(m).toMatchObject({ delivery_status: 'failed', delivery_failure: 'reply_quota_used' });
    expect(m.delivery_error).toContain('hết hạn mức');
    await t.ctx.jobs.drain(['outbound.deliver']);
    expect(csCalls().length - before).toBe(1);
    const job = await t.ctx.db.maybeOne<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'outbound.deliver' AND data->>'messageId' = $1 AND state IN ('created', 'retry')`, [m.id]);
    expect(job?.n ?? 0).toBe(0);
  });

  it('counts the 8 free replies: the reply channel shows replies left and the window end; the 9th is blocked and, if sent anyway, refused without calling Zalo', async () => {
    const inbound = await userWrites(newUserId(), 'Em hỏi chút');
    let rc = await replyChannel(inbound.ticketId);
    expect(rc).toMatchObject({ mode: 'sends', window: { repliesLeft: 8 } });
    const inboundAt = (await t.ctx.db.one<{ created_at: Date }>('SELECT created_at FROM messages WHERE id = $1', [inbound.messageId])).created_at;
    expect(new Date(rc.window.endsAt).getTime()).toBe(new Date(inboundAt).getTime() + 48 * 3600_000);
    for (let i = 1; i <= 8; i++) expect((await reply(inbound.ticketId, `Trả lời số ${i}`)).delivery_status).toBe('sent');
    rc = await replyChannel(inbound.ticketId);
    expect(rc).toMatchObject({ mode: 'blocked', reason: 'reply_quota_used', window: { repliesLeft: 0 } });
    const before = csCalls().length;
    const ninth = await reply(inbound.ticketId, 'Trả lời số 9');
    expect(ninth).toMatchObject({ delivery_status: 'failed', delivery_failure: 'reply_quota_used' });
    expect(csCalls().length).toBe(before);
    // All 8 counted as replies by Zalo (each named the user's message).
    expect(fake.state.messages.sent.filter((s) => s.recipient.message_id === inbound.msgId).every((s) => s.quotaType === 'reply')).toBe(true);
    // The user writes again: a new window, 8 replies again.
    await userWrites(fake.state.messages.sent.at(-1)!.userId, 'Vâng');
    expect(await replyChannel(inbound.ticketId)).toMatchObject({ mode: 'sends', window: { repliesLeft: 8 } });
  });

  it('a demo account never sends: blocked before typing and failed as demo_account', async () => {
    const id = crypto.randomUUID();
    await t.ctx.db.query(
      `INSERT INTO channel_accounts (id, workspace_id, kind, name, address, config, secrets, status, enabled) VALUES ($1, $2, 'zalo', 'Demo OA', $3, $4, NULL, 'ok', true)`,
      [id, w.workspaceId, `demo-${id}`, JSON.stringify({ demo: true, appId: '1', oaId: '2' })],
    );
    const inbound = await userWrites(newUserId(), 'Chào shop', { account: id });
    expect(await replyChannel(inbound.ticketId)).toMatchObject({ mode: 'blocked', reason: 'demo_account' });
    const before = fake.state.calls.length;
    const m = await reply(inbound.ticketId, 'Chào bạn');
    expect(m).toMatchObject({ delivery_status: 'failed', delivery_failure: 'demo_account' });
    expect(fake.state.calls.length).toBe(before);
  });
});

describe('surveys on Zalo', () => {
  const csatTemplate = async () =>
    (await t.ctx.db.one<{ id: string }>(`SELECT id FROM survey_templates WHERE workspace_id = $1 AND type = 'csat' ORDER BY created_at LIMIT 1`, [w.workspaceId])).id;
  const sendSurvey = async (customerId: string, ticketId: string) => {
    const r = await api(t, w.admin.cookie, 'POST', '/api/surveys/send', { customerId, ticketId, templateId: await csatTemplate() });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.status).toBe('sent');
    await t.ctx.jobs.drain(['outbound.deliver']);
    return t.ctx.db.one<{ id: string; delivery_status: string; delivery_failure: string | null; external_id: string | null; meta: Record<string, unknown> }>(
      `SELECT id, delivery_status, delivery_failure, external_id, meta FROM messages WHERE ticket_id = $1 AND meta ? 'survey' ORDER BY created_at DESC LIMIT 1`,
      [ticketId],
    );
  };

  it('CSAT in the window: 5 buttons that send the score back; the next text "5 – Rất hài lòng" is recorded once, later numbers are not', async () => {
    const user = newUserId();
    const inbound = await userWrites(user, 'Cảm ơn shop đã sửa máy');
    const m = await sendSurvey(inbound.customerId, inbound.ticketId);
    expect(m.delivery_status).toBe('sent');
    const sent = fake.state.messages.sent.at(-1)!;
    expect(sent.recipient).toEqual({ message_id: inbound.msgId });
    const buttons = (sent.message.attachment as { payload: { buttons: { title: string; type: string; payload: string }[] } }).payload.buttons;
    expect(buttons.map((b) => b.payload)).toEqual(['5 – Rất hài lòng', '4 – Hài lòng', '3 – Bình thường', '2 – Không hài lòng', '1 – Tệ']);
    expect(buttons.every((b) => b.type === 'oa.query.show')).toBe(true);
    expect(sent.message.text).toContain('/s/');

    // Tapping "5 – Rất hài lòng" makes the user send that text (oa.query.show): the signed webhook's job records it.
    const tapped = userMessage(fake, user, 'user_send_text', { text: buttons[0]!.payload });
    await webhook(tapped);
    const answered = await t.ctx.db.query<{ score: number; channel: string }>('SELECT score, channel FROM survey_answers WHERE workspace_id = $1 AND ticket_id = $2', [w.workspaceId, inbound.ticketId]);
    expect(answered).toEqual([{ score: 5, channel: 'zalo' }]);
    // The same delivery again, and a later "2", change nothing.
    await webhook(tapped);
    await webhook(userMessage(fake, user, 'user_send_text', { text: '2' }));
    const later = await t.ctx.db.one<{ id: string; customer_id: string }>(`SELECT id, customer_id FROM messages WHERE ticket_id = $1 AND direction = 'inbound' AND body = '2'`, [inbound.ticketId]);
    expect(await recordZaloSurveyReply(t.ctx, { workspaceId: w.workspaceId, customerId: later.customer_id, messageId: later.id, text: '2' })).toBeUndefined();
    const answers = await t.ctx.db.query<{ score: number; channel: string }>('SELECT score, channel FROM survey_answers WHERE workspace_id = $1 AND ticket_id = $2', [w.workspaceId, inbound.ticketId]);
    expect(answers).toEqual([{ score: 5, channel: 'zalo' }]);
  });

  it('small talk after a survey is no answer', async () => {
    const user = newUserId();
    const inbound = await userWrites(user, 'Xong rồi shop ơi');
    await sendSurvey(inbound.customerId, inbound.ticketId);
    const chat = await userWrites(user, 'Cho em hỏi giờ mở cửa');
    expect(await recordZaloSurveyReply(t.ctx, { workspaceId: w.workspaceId, customerId: chat.customerId, messageId: chat.messageId, text: 'Cho em hỏi giờ mở cửa' })).toBeUndefined();
    expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM survey_answers WHERE ticket_id = $1', [inbound.ticketId])).n).toBe(0);
  });

  it('outside the window the survey goes by the ZNS template mapped for surveys (phone 84…, template_data, tracking_id), tracked by msg_id', async () => {
    const { id, address } = await seedZaloAccount(t.ctx, w.workspaceId, fake);
    await t.ctx.db.query(`UPDATE channel_accounts SET config = config || $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify({ zns: { templates: { survey: { templateId: '250001', params: { customer_name: '{{customer.name}}', ticket_code: '#{{ticket.number}}', survey_url: '{{survey.url}}' } } } } }),
    ]);
    const user = newUserId();
    const inbound = await userWrites(user, 'Máy giặt kêu to', { account: id, at: new Date(Date.now() - 49 * 3600_000), phone: '0912 345 678' });
    expect(await replyChannel(inbound.ticketId)).toMatchObject({ mode: 'blocked', reason: 'window_closed' });
    const before = csCalls().length;
    const m = await sendSurvey(inbound.customerId, inbound.ticketId);
    expect(m.delivery_status).toBe('sent');
    expect(csCalls().length).toBe(before);
    const zns = fake.state.zns.sent.at(-1)!;
    const ticket = await t.ctx.db.one<{ number: number }>('SELECT number FROM tickets WHERE id = $1', [inbound.ticketId]);
    expect(zns).toMatchObject({ phone: '84912345678', templateId: '250001', trackingId: m.id });
    expect(zns.templateData).toMatchObject({ customer_name: 'Khách Zalo', ticket_code: `#${ticket.number}` });
    expect(String(zns.templateData.survey_url)).toContain('/s/');
    const call = fake.state.calls.filter((c) => c.path === '/message/template').at(-1)!;
    expect(call.json).toEqual({ phone: '84912345678', template_id: '250001', template_data: zns.templateData, tracking_id: m.id });
    expect(m.external_id).toBe(zns.msgId);
    expect(m.meta.zalo).toMatchObject({ via: 'zns', purpose: 'survey', templateId: '250001', trackingId: m.id });
    // Zalo's delivery event for it names msg_id (and our tracking_id): it finds the message.
    const event = fake.state.zns.deliveryEvent(zns);
    expect(await findSentMessage(t.ctx.db, { workspaceId: w.workspaceId, channel: 'zalo', ids: [event.message.msg_id] })).toBe(m.id);
    await webhook(event, address);
    expect((await t.ctx.db.one<{ delivery_status: string }>('SELECT delivery_status FROM messages WHERE id = $1', [m.id])).delivery_status).toBe('delivered');
  });

  it('ZNS: -124 (invalid token) refreshes once and sends; a daily-quota error (-144) fails as rate_limited, not retried', async () => {
    const { id } = await seedZaloAccount(t.ctx, w.workspaceId, fake);
    await t.ctx.db.query(`UPDATE channel_accounts SET config = config || $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify({ zns: { templates: { survey: { templateId: '250001', params: { customer_name: '{{customer.name}}', ticket_code: '#{{ticket.number}}' } } } } }),
    ]);
    const old = new Date(Date.now() - 50 * 3600_000);
    const first = await userWrites(newUserId(), 'Hỏi lắp đặt', { account: id, at: old, phone: '0913 000 111' });
    const refreshes = fake.state.oauth.granted.refresh_token;
    fake.state.zns.failNext(-124, 'Access token is invalid');
    const before = fake.state.calls.filter((c) => c.path === '/message/template').length;
    expect((await sendSurvey(first.customerId, first.ticketId)).delivery_status).toBe('sent');
    expect(fake.state.calls.filter((c) => c.path === '/message/template').length - before).toBe(2);
    expect(fake.state.oauth.granted.refresh_token - refreshes).toBe(1);

    const second = await userWrites(newUserId(), 'Hỏi đổi trả', { account: id, at: old, phone: '0913 000 222' });
    fake.state.zns.failNext(-144, 'OA has exceeded the daily quota');
    const m = await sendSurvey(second.customerId, second.ticketId);
    expect(m).toMatchObject({ delivery_status: 'failed', delivery_failure: 'rate_limited' });
  });

  it('outside the window without a ZNS template: an agent reply and a survey fail with the reason, Zalo is not called', async () => {
    const user = newUserId();
    const inbound = await userWrites(user, 'Hỏi bảo hành', { at: new Date(Date.now() - 72 * 3600_000), phone: '0987 654 321' });
    const before = fake.state.calls.length;
    const m = await sendSurvey(inbound.customerId, inbound.ticketId);
    expect(m).toMatchObject({ delivery_status: 'failed', delivery_failure: 'window_closed' });
    expect(fake.state.calls.length).toBe(before);
  });

  it('starting a conversation by phone: offered as an alternative only when a ZNS template is mapped', async () => {
    const ws2 = await seedWorkspace(t, 'Cửa hàng thứ hai');
    const { id } = await seedZaloAccount(t.ctx, ws2.workspaceId, fake);
    const customer = await api(t, ws2.admin.cookie, 'POST', '/api/customers', { name: 'Chị Lan', phone: '0903 111 222' });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const ticket = await api(t, ws2.admin.cookie, 'POST', '/api/tickets', { subject: 'Gọi điện hỏi giá', customerId: customer.body.customer.id, channel: 'phone' });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    const alternatives = async () => (await api(t, ws2.admin.cookie, 'GET', `/api/tickets/${ticket.body.ticket.id}/reply-channel`)).body.replyChannel.alternatives as { channel: string }[];
    expect((await alternatives()).some((a) => a.channel === 'zalo')).toBe(false);
    await t.ctx.db.query(`UPDATE channel_accounts SET config = config || $2::jsonb WHERE id = $1`, [id, JSON.stringify({ zns: { templates: { reminder: { templateId: '250002', params: {} } } } })]);
    expect(await alternatives()).toContainEqual({ channel: 'zalo', kind: 'phone', value: '+84903111222' });
  });
});
