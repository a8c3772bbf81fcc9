import type { InjectOptions } from 'fastify';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { ingestInbound } from '../tickets/index.js';
import { surveyTokenHash } from './commands/create-request.js';
import type { ChannelAccount } from '../../core/channels/accounts.js';
import { addMailbox, startSmtpSink } from '../../test/fixtures/email.js';
import { createWidget, openAllWeek, visitorClient } from '../../test/fixtures/webchat.js';
import { callEvents, createPhoneEndpoint, postHook } from '../../test/fixtures/phone.js';
import { SEND_JOB } from './triggers.js';
import type { SurveyMeta } from './survey-content.js';
import type { SurveyTemplateDto } from '../../../shared/surveys.js';
import type { WidgetMessage } from '../../../shared/widget-protocol.js';

// Real parts end to end: tickets resolved through the API → the after-commit trigger → a delayed
// surveys.send job in pg-boss (made due by moving its start_after, then drained) → the outbound
// delivery job → nodemailer → a local SMTP sink, or the widget's message list.

interface Sunk {
  to: string[];
  mail: ParsedMail;
}
const sunk: Sunk[] = [];
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let t: TestApp;
let ws: SeededWorkspace;
let mailbox: ChannelAccount;

beforeAll(async () => {
  sink = await startSmtpSink(sunk);
  const port = sink.port;
  t = await createTestApp();
  ws = await seedWorkspace(t);
  await openAllWeek(t, ws.workspaceId);
  mailbox = await addMailbox(t, ws, { address: 'hotro@cuahang-ks.vn', smtp: { host: '127.0.0.1', port, secure: false } });
});
afterAll(async () => {
  await sink?.close();
  await t?.close();
});
beforeEach(() => {
  sunk.length = 0;
});

let n = 0;
const uniq = () => `${Date.now().toString(36)}${n++}`;
const cookie = () => ws.admin.cookie;

async function api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: InjectOptions['payload'], c = cookie()) {
  const res = await t.app.inject({ method, url, headers: { cookie: c }, payload });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}

/** A customer mail arriving in the mailbox: an email ticket. */
async function emailTicket(email = `khach-${uniq()}@khach.vn`) {
  const r = await ingestInbound(
    t.ctx.db,
    {
      channel: 'email',
      externalId: `<${uniq()}@khach.vn>`,
      from: { kind: 'email', value: email, name: 'Trần Văn Khách' },
      subject: 'Đơn hàng giao chậm',
      body: 'Đơn của tôi chưa tới.',
      contentType: 'text',
      attachments: [],
      channelAccountId: mailbox.id,
    },
    { kind: 'system', workspaceId: ws.workspaceId },
  );
  return { ticketId: r.ticketId, customerId: r.customerId, email };
}

async function newCustomer(fields: Record<string, unknown> = {}) {
  const r = await api('POST', '/api/customers', { name: `Khách ${uniq()}`, ...fields });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body.customer ?? r.body).id as string;
}

async function ticketFor(customerId: string, channel: string, extra: Record<string, unknown> = {}) {
  const r = await api('POST', '/api/tickets', { customerId, subject: 'Hỗ trợ', channel, firstMessage: { kind: 'inbound', body: 'Xin chào' }, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.ticket.id as string;
}

async function setStatus(ticketId: string, status: string) {
  const r = await api('PATCH', `/api/tickets/${ticketId}`, { status });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

interface JobRow {
  id: string;
  data: { ticketId: string; templateId: string; reason: string; callMessageId?: string };
  delay_seconds: number;
}

/** The surveys.send jobs of a ticket; waits for the after-commit trigger to enqueue `min` of them. */
async function sendJobs(ticketId: string, min = 1): Promise<JobRow[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = await t.ctx.db.query<JobRow>(
      `SELECT id, data, extract(epoch FROM start_after - created_on)::int AS delay_seconds FROM pgboss.job WHERE name = $1 AND data->>'ticketId' = $2 ORDER BY created_on`,
      [SEND_JOB, ticketId],
    );
    if (rows.length >= min || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Lets the processors of the last commit run (they are after-commit and asynchronous). */
const settle = () => new Promise((r) => setTimeout(r, 300));

/** Makes the waiting survey jobs due now (as if their delay had passed) and runs all due work. */
async function runDue() {
  await t.ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = $1 AND state = 'created'`, [SEND_JOB]);
  await t.ctx.jobs.drain();
}

const requestsOf = (customerId: string) =>
  t.ctx.db.query<{ id: string; ticket_id: string | null; type: string; channel: string; reason: string; message_id: string | null; token_hash: string; about_ref: string | null }>(
    'SELECT * FROM survey_requests WHERE workspace_id = $1 AND customer_id = $2 ORDER BY sent_at',
    [ws.workspaceId, customerId],
  );

const csatTemplate = async () =>
  (await t.ctx.db.one<{ id: string }>(`SELECT id FROM survey_templates WHERE workspace_id = $1 AND type = 'csat' AND is_default`, [ws.workspaceId])).id;

describe('templates API', () => {
  it('lists the built-in templates (created on first use), with fields and triggers', async () => {
    const r = await api('GET', '/api/survey-templates');
    expect(r.status).toBe(200);
    const types = (r.body as { templates: SurveyTemplateDto[] }).templates.map((x) => x.type);
    expect(types.slice(0, 3)).toEqual(['csat', 'nps', 'ces']);
    const csat = r.body.templates[0];
    expect(csat).toMatchObject({ isDefault: true, enabled: true, lowScoreThreshold: 2, triggers: { on: ['ticket_resolved', 'chat_ended'], delayMinutes: 30, throttleDays: 7 } });
    expect(csat.questions[0]).toMatchObject({ id: 'score', kind: 'csat' });
    expect(csat.questions[0].text.vi).toMatch(/hài lòng/);
  });

  it('custom templates are validated; built-in ones keep their scale and cannot be deleted', async () => {
    const q = (id: string, kind: string, extra: Record<string, unknown> = {}) => ({ id, kind, text: { vi: `Câu ${id}`, en: `Question ${id}` }, ...extra });
    const bad = [
      [{ name: 'Trống', questions: [] }, 'validation.failed'],
      [{ name: 'Trùng', questions: [q('a', 'text'), q('a', 'text')] }, 'validation.failed'],
      [{ name: 'Thiếu max', questions: [q('a', 'rating')] }, 'validation.failed'],
      [{ name: 'Thiếu lựa chọn', questions: [q('a', 'choice')] }, 'validation.failed'],
      [{ name: 'Có CSAT', questions: [q('a', 'csat')] }, 'survey_template.invalid_questions'],
    ] as const;
    for (const [payload, id] of bad) {
      const r = await api('POST', '/api/survey-templates', payload);
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect(r.body.error.id).toBe(id);
    }
    const created = await api('POST', '/api/survey-templates', {
      name: 'Khảo sát giao hàng',
      questions: [q('speed', 'rating', { max: 5 }), q('channel', 'choice', { options: [{ value: 'web', label: { vi: 'Web', en: 'Web' } }, { value: 'app', label: { vi: 'Ứng dụng', en: 'App' } }] }), q('note', 'text')],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.template).toMatchObject({ type: 'custom', isDefault: false, enabled: true, expiresAfterDays: 14 });

    const agent = await seedUser(t, ws.workspaceId, 'agent');
    expect((await api('POST', '/api/survey-templates', { name: 'x', questions: [q('a', 'text')] }, agent.cookie)).status).toBe(403);
    expect((await api('GET', '/api/survey-templates', undefined, agent.cookie)).status).toBe(200);

    const csatId = await csatTemplate();
    const noScale = await api('PATCH', `/api/survey-templates/${csatId}`, { questions: [q('comment', 'text')] });
    expect(noScale.status).toBe(400);
    expect(noScale.body.error.id).toBe('survey_template.scale_required');
    const edited = await api('PATCH', `/api/survey-templates/${csatId}`, {
      questions: [{ id: 'score', kind: 'csat', required: true, text: { vi: 'Anh/chị chấm điểm thế nào?', en: 'How did we do?' } }],
      lowScoreThreshold: 3,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.template).toMatchObject({ lowScoreThreshold: 3, questions: [{ text: { en: 'How did we do?' } }] });
    await api('PATCH', `/api/survey-templates/${csatId}`, { lowScoreThreshold: 2 });

    expect((await api('DELETE', `/api/survey-templates/${csatId}`)).body.error.id).toBe('survey_template.builtin');
    expect((await api('DELETE', `/api/survey-templates/${created.body.template.id}`)).status).toBe(204);
    expect((await api('DELETE', `/api/survey-templates/${created.body.template.id}`)).status).toBe(404);
  });
});

describe('automatic sending', () => {
  it('resolve → CSAT after the delay, by email with one-click score links', async () => {
    const { ticketId, customerId, email } = await emailTicket();
    await setStatus(ticketId, 'resolved');
    const jobs = await sendJobs(ticketId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].data).toMatchObject({ reason: 'ticket_resolved', templateId: await csatTemplate() });
    expect(jobs[0].delay_seconds).toBeGreaterThanOrEqual(30 * 60 - 5);
    // Not due yet: draining now sends nothing.
    await t.ctx.jobs.drain();
    expect(await requestsOf(customerId)).toHaveLength(0);

    await runDue();
    const [req] = await requestsOf(customerId);
    expect(req).toMatchObject({ ticket_id: ticketId, type: 'csat', channel: 'email', reason: 'ticket_resolved' });
    const msg = await t.ctx.db.one<Record<string, unknown> & { meta: { survey: SurveyMeta } }>('SELECT * FROM messages WHERE id = $1', [req.message_id]);
    expect(msg).toMatchObject({ direction: 'outbound', channel: 'email', delivery_status: 'sent' });
    expect(msg.meta).toMatchObject({ automated: true, survey: { requestId: req.id, type: 'csat' } });
    const ticket = await t.ctx.db.one<{ status: string; first_response_at: Date | null }>('SELECT status, first_response_at FROM tickets WHERE id = $1', [ticketId]);
    expect(ticket).toMatchObject({ status: 'resolved', first_response_at: null });

    expect(sunk).toHaveLength(1);
    const mail = sunk[0];
    expect(mail.to).toEqual([email]);
    const token = String(msg.meta.survey.url).split('/s/')[1];
    expect(surveyTokenHash(token)).toBe(req.token_hash);
    const html = String(mail.mail.html);
    for (const score of [1, 2, 3, 4, 5]) expect(html).toContain(`/s/${token}?score=${score}"`);
    for (const label of ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng', 'Tệ']) expect(html).toContain(label);
    expect(html).not.toContain('?score=6');
    expect(mail.mail.text).toContain(`/s/${token}`);
    expect(mail.mail.subject).toMatch(/\[#\d+\]/);

    // The message shows on the ticket as a survey (details.survey from meta).
    const thread = (await api('GET', `/api/tickets/${ticketId}/messages`)).body.messages;
    expect(thread.at(-1)).toMatchObject({ direction: 'outbound', details: { survey: { requestId: req.id, type: 'csat' } } });
  });

  it('a customer asked within the throttle window is not asked again', async () => {
    const first = await emailTicket();
    await setStatus(first.ticketId, 'resolved');
    await sendJobs(first.ticketId);
    await runDue();
    expect(await requestsOf(first.customerId)).toHaveLength(1);
    const second = await ticketFor(first.customerId, 'email');
    await setStatus(second, 'resolved');
    expect(await sendJobs(second)).toHaveLength(1);
    await runDue();
    expect(await requestsOf(first.customerId)).toHaveLength(1);
    expect(sunk).toHaveLength(1);
  });

  it('never for spam or merged tickets', async () => {
    const spam = await emailTicket();
    await api('PATCH', `/api/tickets/${spam.ticketId}`, { tags: ['spam'] });
    await setStatus(spam.ticketId, 'resolved');
    await sendJobs(spam.ticketId);
    await runDue();
    expect(await requestsOf(spam.customerId)).toHaveLength(0);

    // Merged after the resolution queued the survey: the due job finds the tombstone and skips.
    const a = await emailTicket();
    const b = await ticketFor(a.customerId, 'email');
    await setStatus(a.ticketId, 'resolved');
    await sendJobs(a.ticketId);
    const merged = await api('POST', `/api/tickets/${a.ticketId}/merge`, { intoTicketId: b });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    await runDue();
    expect(await requestsOf(a.customerId)).toHaveLength(0);
    expect(sunk).toHaveLength(0);
  });

  it('a ticket reopened before the delay is not surveyed; a repeated job sends once', async () => {
    const r = await emailTicket();
    await setStatus(r.ticketId, 'resolved');
    await sendJobs(r.ticketId);
    await setStatus(r.ticketId, 'responded');
    await runDue();
    expect(await requestsOf(r.customerId)).toHaveLength(0);

    const d = await emailTicket();
    await setStatus(d.ticketId, 'resolved');
    const [job] = await sendJobs(d.ticketId);
    await t.ctx.jobs.send(SEND_JOB, job.data);
    await t.ctx.jobs.send(SEND_JOB, job.data);
    await runDue();
    expect(await requestsOf(d.customerId)).toHaveLength(1);
    expect(sunk).toHaveLength(1);
  });

  it('web chat → a survey message with buttons reaches the visitor', async () => {
    const widget = await createWidget(t, cookie(), {});
    const v = visitorClient(t, widget.key);
    await v.start({ name: 'Lan' });
    const said = await v.say('Cho mình hỏi giờ mở cửa?');
    expect(said.status).toBe(201);
    const ticketId = (await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [said.body.message.id])).ticket_id;
    await setStatus(ticketId, 'resolved');
    const jobs = await sendJobs(ticketId);
    expect(jobs[0].data.reason).toBe('chat_ended');
    await runDue();
    const list = await v.call('GET', '/messages?after=0');
    expect(list.status).toBe(200);
    const messages = list.body.messages as WidgetMessage[];
    const survey = messages.find((m) => m.survey);
    expect(survey).toBeDefined();
    expect(survey?.direction).toBe('agent');
    expect(survey?.survey?.type).toBe('csat');
    expect(survey?.survey?.options.map((o) => o.value)).toEqual([5, 4, 3, 2, 1]);
    expect(survey?.survey?.options[0].label).toEqual({ vi: 'Rất hài lòng', en: 'Excellent' });
    const req = await t.ctx.db.one<{ token_hash: string; channel: string; reason: string }>('SELECT token_hash, channel, reason FROM survey_requests WHERE ticket_id = $1', [ticketId]);
    expect(req).toMatchObject({ channel: 'webchat', reason: 'chat_ended' });
    expect(surveyTokenHash(survey!.survey!.token)).toBe(req.token_hash);
    // The visitor's own messages carry no survey.
    expect(messages.filter((m) => m.direction === 'visitor').every((m) => !m.survey)).toBe(true);
  });

  it('web chat the visitor ends → a survey although the ticket stays open; an abandoned chat → none', async () => {
    const widget = await createWidget(t, cookie(), {});
    // Answered, then ended by the visitor: surveyed.
    const v = visitorClient(t, widget.key);
    await v.start({ name: 'Mai' });
    const said = await v.say('Shop còn hàng size M không ạ?');
    const ticketId = (await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [said.body.message.id])).ticket_id;
    const reply = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, headers: { cookie: cookie() }, payload: { kind: 'reply', body: 'Dạ còn ạ' } });
    expect(reply.statusCode).toBe(201);
    await t.ctx.jobs.drain(['outbound.deliver']);
    expect((await v.call('POST', '/end')).status).toBe(200);
    const jobs = await sendJobs(ticketId);
    expect(jobs.map((j) => j.data.reason)).toContain('chat_ended');
    await runDue();
    const [req] = await t.ctx.db.query<{ reason: string; channel: string }>('SELECT reason, channel FROM survey_requests WHERE ticket_id = $1', [ticketId]);
    expect(req).toEqual({ reason: 'chat_ended', channel: 'webchat' });
    const status = (await t.ctx.db.one<{ status: string }>('SELECT status FROM tickets WHERE id = $1', [ticketId])).status;
    expect(['resolved', 'closed']).not.toContain(status);

    // Nobody answered and the visitor gave up: abandoned, not surveyed.
    const w = visitorClient(t, widget.key);
    await w.start({ name: 'Hùng' });
    const asked = await w.say('Alo?');
    const abandonedTicket = (await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [asked.body.message.id])).ticket_id;
    await t.ctx.db.query(`UPDATE webchat_conversations SET started_at = started_at - interval '1 hour' WHERE ticket_id = $1`, [abandonedTicket]);
    expect((await w.call('POST', '/end')).status).toBe(200);
    expect((await t.ctx.db.one<{ status: string }>('SELECT status FROM webchat_conversations WHERE ticket_id = $1', [abandonedTicket])).status).toBe('abandoned');
    // Processors run after commit: give the trigger time to (wrongly) act before looking.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sendJobs(abandonedTicket, 0)).toEqual([]);
  });

  it('phone: by email when the customer has one, else link-only (a note with the link)', async () => {
    const withEmail = await newCustomer({ email: `goi-${uniq()}@khach.vn`, phone: `09${String(Date.now()).slice(-8)}` });
    const phoneTicket = await ticketFor(withEmail, 'phone');
    await setStatus(phoneTicket, 'resolved');
    await sendJobs(phoneTicket);
    await runDue();
    const [req] = await requestsOf(withEmail);
    expect(req).toMatchObject({ channel: 'email', ticket_id: phoneTicket });
    const msg = await t.ctx.db.one<{ channel: string; channel_account_id: string | null; delivery_status: string | null }>('SELECT channel, channel_account_id, delivery_status FROM messages WHERE id = $1', [req.message_id]);
    expect(msg).toEqual({ channel: 'email', channel_account_id: mailbox.id, delivery_status: 'sent' });
    expect(sunk).toHaveLength(1);
    expect(String(sunk[0].mail.html)).toContain('?score=5');

    // A Zalo OA can start a conversation by phone only through a mapped ZNS template: a demo OA without
    // one says it cannot, so the phone-only customer gets the link, not a message that fails.
    const zalo = await api('POST', '/api/channel-accounts', { kind: 'zalo', name: 'OA demo', config: { appId: '1800000000000000001', demo: true } });
    expect(zalo.status, JSON.stringify(zalo.body)).toBe(201);
    const noEmail = await newCustomer({ phone: `09${String(Date.now() + 7).slice(-8)}` });
    const t2 = await ticketFor(noEmail, 'phone');
    await setStatus(t2, 'resolved');
    await sendJobs(t2);
    await runDue();
    const [linkOnly] = await requestsOf(noEmail);
    expect(linkOnly).toMatchObject({ channel: 'phone', message_id: null });
    const note = await t.ctx.db.one<{ body: string; meta: { survey: SurveyMeta } }>(`SELECT body, meta FROM messages WHERE ticket_id = $1 AND direction = 'note'`, [t2]);
    expect(note.body).toContain('/s/');
    expect(surveyTokenHash(String(note.meta.survey.url).split('/s/')[1])).toBe(linkOnly.token_hash);
    expect(sunk).toHaveLength(1);
  });

  it('a call logged as answered and ended queues the CES survey (call_ended), a missed one does not', async () => {
    const customerId = await newCustomer({ email: `ces-${uniq()}@khach.vn` });
    const answered = await api('POST', '/api/calls', { customerId, direction: 'inbound', startedAt: new Date(Date.now() - 600_000).toISOString(), talkSeconds: 240 });
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
    const ticketId = (await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM calls WHERE id = $1', [answered.body.call.id])).ticket_id;
    const [job] = await sendJobs(ticketId);
    expect(job.data).toMatchObject({ reason: 'call_ended' });
    expect(job.delay_seconds).toBeGreaterThanOrEqual(15 * 60 - 5);
    await runDue();
    const [req] = await requestsOf(customerId);
    expect(req).toMatchObject({ type: 'ces', reason: 'call_ended', channel: 'email' });
    expect(String(sunk[0].mail.html)).toContain('?score=7');

    const other = await newCustomer();
    const missed = await api('POST', '/api/calls', { customerId: other, direction: 'inbound', startedAt: new Date(Date.now() - 600_000).toISOString(), talkSeconds: 0 });
    expect(missed.status).toBe(201);
    await settle();
    const missedTicket = (await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM calls WHERE id = $1', [missed.body.call.id])).ticket_id;
    expect(await sendJobs(missedTicket, 0)).toHaveLength(0);
  });
  it('a PBX call (webhook events) is surveyed once it has ended, in the customer\'s email', async () => {
    const endpoint = await createPhoneEndpoint(t, cookie());
    const phone = `09${String(Date.now()).slice(-8)}`;
    const customerId = await newCustomer({ phone, email: `pbx-${uniq()}@khach.vn` });
    const callId = `pbx-${uniq()}`;
    const [ringing, answered, ended] = callEvents(callId, new Date(Date.now() - 300_000), { from: phone });
    expect((await postHook(t, endpoint.key, { events: [ringing, answered] })).status).toBe(200);
    await settle();
    const ticketId = (await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM calls WHERE external_id = $1', [callId])).ticket_id;
    // Ringing and answered: the call has not ended yet, so nothing is queued.
    expect(await sendJobs(ticketId, 0)).toHaveLength(0);
    expect((await postHook(t, endpoint.key, { events: [ended] })).status).toBe(200);
    const [job] = await sendJobs(ticketId);
    expect(job.data).toMatchObject({ reason: 'call_ended' });
    expect(job.data.callMessageId).toBeDefined();
    // A repeated delivery of the same events changes nothing.
    expect((await postHook(t, endpoint.key, { events: [ringing, answered, ended] })).status).toBe(200);
    await runDue();
    const reqs = await requestsOf(customerId);
    expect(reqs).toHaveLength(1);
    expect(reqs[0]).toMatchObject({ type: 'ces', reason: 'call_ended', channel: 'email', ticket_id: ticketId });
    expect(sunk).toHaveLength(1);
  });
});

describe('POST /api/surveys/send', () => {
  it('sends in the customer channel, then throttles; without any channel returns the link', async () => {
    const { customerId, ticketId } = await emailTicket();
    const sent = await api('POST', '/api/surveys/send', { customerId, type: 'nps', aboutRef: 'order:DH1024' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body).toMatchObject({ status: 'sent' });
    const [req] = await requestsOf(customerId);
    expect(req).toMatchObject({ id: sent.body.requestId, type: 'nps', about_ref: 'order:DH1024', reason: 'api', ticket_id: null });
    await t.ctx.jobs.drain();
    expect(sunk).toHaveLength(1);
    const html = String(sunk[0].mail.html);
    for (let s = 0; s <= 10; s++) expect(html).toContain(`?score=${s}"`);
    const carrier = await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [req.message_id]);
    expect(carrier.ticket_id).toBe(ticketId);

    const again = await api('POST', '/api/surveys/send', { customerId, type: 'nps' });
    expect(again.body).toEqual({ requestId: null, status: 'throttled' });

    const lonely = await newCustomer();
    const none = await api('POST', '/api/surveys/send', { customerId: lonely, type: 'csat' });
    expect(none.status).toBe(202);
    expect(none.body.status).toBe('no_channel');
    expect(none.body.url).toMatch(/\/s\/[\w-]+$/);

    const badTicket = await api('POST', '/api/surveys/send', { customerId: lonely, type: 'csat', ticketId });
    expect(badTicket.status).toBe(400);
    expect((await api('POST', '/api/surveys/send', { customerId })).status).toBe(400);
    const agent = await seedUser(t, ws.workspaceId, 'agent');
    expect((await api('POST', '/api/surveys/send', { customerId: lonely, type: 'ces' }, agent.cookie)).status).toBe(202);
  });
});
