import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { api } from '../../../test/fixtures/tickets.js';
import { startFakeGraph, type FakeGraph } from '../../../test/fakes/graph/server.js';
import { connectPage, deliveryEvent, echoOf, messageEvent, newPsid, pageBody, postWebhook, readEvent } from '../../../test/fakes/graph/messenger.js';

interface OutRow {
  id: string;
  delivery_status: string | null;
  delivery_failure: string | null;
  delivery_error: string | null;
  external_id: string | null;
}

describe('Messenger sending', () => {
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

  /** A customer writes `hoursAgo` hours ago; returns their PSID and ticket. */
  async function conversation(hoursAgo = 0, key = page.key) {
    const psid = newPsid();
    const ev = messageEvent(fake.pageId, psid, { text: 'Cho tôi hỏi về đơn hàng' });
    expect((await postWebhook(t, key, pageBody({ pageId: fake.pageId, events: [ev] }))).status).toBe(200);
    await t.ctx.jobs.drain();
    const m = await t.ctx.db.one<{ id: string; ticket_id: string; customer_id: string }>('SELECT id, ticket_id, customer_id FROM messages WHERE external_id = $1', [ev.message.mid]);
    if (hoursAgo) await t.ctx.db.query(`UPDATE messages SET created_at = now() - make_interval(hours => $2) WHERE id = $1`, [m.id, hoursAgo]);
    return { psid, ticketId: m.ticket_id, customerId: m.customer_id };
  }
  async function reply(ticketId: string, body: string, attachments?: { filename: string; contentType: string; dataBase64: string }[]) {
    const r = await api(t, w.admin.cookie, 'POST', `/api/tickets/${ticketId}/messages`, { kind: 'reply', body, ...(attachments ? { attachments } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return (r.body.message?.id ?? r.body.id) as string;
  }
  const row = (id: string) => t.ctx.db.one<OutRow>('SELECT id, delivery_status, delivery_failure, delivery_error, external_id FROM messages WHERE id = $1', [id]);
  const sendsTo = (psid: string) => fake.sends.filter((s) => s.body.recipient.id === psid);
  const replyChannel = async (ticketId: string) => (await api(t, w.admin.cookie, 'GET', `/api/tickets/${ticketId}/reply-channel`)).body.replyChannel;

  it('inside 24 hours: a RESPONSE to the PSID carrying our metadata; its echo is recognised, not filed twice', async () => {
    const c = await conversation(1);
    expect(await replyChannel(c.ticketId)).toMatchObject({ mode: 'sends', reason: null });
    const id = await reply(c.ticketId, 'Dạ đơn của anh/chị đang giao ạ');
    await t.ctx.jobs.drain();
    const [s] = sendsTo(c.psid);
    expect(s.body).toMatchObject({ messaging_type: 'RESPONSE', message: { text: 'Dạ đơn của anh/chị đang giao ạ', metadata: `tantam:${id}` } });
    expect(s.body.tag).toBeUndefined();
    expect(await row(id)).toMatchObject({ delivery_status: 'sent', external_id: s.messageId });
    await postWebhook(t, page.key, pageBody({ pageId: fake.pageId, events: [echoOf(s)] }));
    // An echo of ours without metadata (sent by an older version) is still known by its mid.
    const bare = echoOf(s);
    delete (bare.message as { metadata?: string }).metadata;
    await postWebhook(t, page.key, pageBody({ pageId: fake.pageId, events: [bare] }));
    await t.ctx.jobs.drain();
    const count = await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE ticket_id = $1 AND direction = 'outbound'`, [c.ticketId]);
    expect(count.n).toBe(1);
  });

  it('after 24 hours without HUMAN_AGENT: blocked before typing and refused before calling Facebook (window_closed)', async () => {
    const c = await conversation(30);
    expect(await replyChannel(c.ticketId)).toMatchObject({ mode: 'blocked', reason: 'window_closed' });
    const id = await reply(c.ticketId, 'Anh/chị còn cần hỗ trợ không ạ?');
    await t.ctx.jobs.drain();
    expect(await row(id)).toMatchObject({ delivery_status: 'failed', delivery_failure: 'window_closed' });
    expect(sendsTo(c.psid)).toHaveLength(0);
  });

  it('with HUMAN_AGENT: MESSAGE_TAG + HUMAN_AGENT up to 7 days, nothing after', async () => {
    const page2 = await connectPage(t, w.admin.cookie, fake, { humanAgentTag: true });
    try {
      // The first Page is switched off so the entries route to the second (same Page id, same app).
      await api(t, w.admin.cookie, 'PATCH', `/api/channel-accounts/${page.id}`, { enabled: false });
      const c = await conversation(30, page2.key);
      expect(await replyChannel(c.ticketId)).toMatchObject({ mode: 'sends' });
      const id = await reply(c.ticketId, 'Nhân viên hỗ trợ phản hồi ạ');
      await t.ctx.jobs.drain();
      expect(sendsTo(c.psid)[0].body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
      expect(await row(id)).toMatchObject({ delivery_status: 'sent' });

      const old = await conversation(8 * 24, page2.key);
      expect(await replyChannel(old.ticketId)).toMatchObject({ mode: 'blocked', reason: 'window_closed' });
      const late = await reply(old.ticketId, 'Muộn quá');
      await t.ctx.jobs.drain();
      expect(await row(late)).toMatchObject({ delivery_status: 'failed', delivery_failure: 'window_closed' });
      expect(sendsTo(old.psid)).toHaveLength(0);
    } finally {
      await api(t, w.admin.cookie, 'DELETE', `/api/channel-accounts/${page2.id}`);
      await api(t, w.admin.cookie, 'PATCH', `/api/channel-accounts/${page.id}`, { enabled: true });
    }
  });

  it('sends a file by upload, then by attachment_id', async () => {
    const c = await conversation();
    const pdf = crypto.randomBytes(2048);
    const id = await reply(c.ticketId, 'Gửi anh/chị hoá đơn', [{ filename: 'hoa-don.pdf', contentType: 'application/pdf', dataBase64: pdf.toString('base64') }]);
    await t.ctx.jobs.drain();
    const up = fake.uploads.find((u) => u.filename === 'hoa-don.pdf')!;
    expect(up).toMatchObject({ type: 'file', contentType: 'application/pdf' });
    expect(up.data.equals(pdf)).toBe(true);
    const sends = sendsTo(c.psid);
    expect(sends.map((s) => s.body.message.text ?? s.body.message.attachment?.payload.attachment_id)).toEqual(['Gửi anh/chị hoá đơn', up.attachmentId]);
    expect(sends[1].body.message.attachment?.type).toBe('file');
    expect(await row(id)).toMatchObject({ delivery_status: 'sent', external_id: sends[0].messageId });
  });

  it('delivery and read watermarks move our replies to delivered and seen, never back', async () => {
    const c = await conversation();
    const first = await reply(c.ticketId, 'Tin thứ nhất');
    await t.ctx.jobs.drain();
    await new Promise((r) => setTimeout(r, 20)); // the second goes out strictly after the first's Facebook time
    const second = await reply(c.ticketId, 'Tin thứ hai');
    await t.ctx.jobs.drain();
    const [s1] = sendsTo(c.psid);
    const hook = async (ev: unknown) => {
      expect((await postWebhook(t, page.key, pageBody({ pageId: fake.pageId, events: [ev] }))).status).toBe(200);
      await t.ctx.jobs.drain();
    };
    await hook(deliveryEvent(fake.pageId, c.psid, s1.at));
    expect((await row(first)).delivery_status).toBe('delivered');
    expect((await row(second)).delivery_status).toBe('sent');
    await hook(readEvent(fake.pageId, c.psid, Date.now()));
    expect((await row(first)).delivery_status).toBe('seen');
    expect((await row(second)).delivery_status).toBe('seen');
    // A late delivery report (out of order) changes nothing.
    await hook(deliveryEvent(fake.pageId, c.psid, Date.now(), [s1.messageId]));
    expect((await row(first)).delivery_status).toBe('seen');
    const changes = await t.ctx.db.query<{ status: string }>(`SELECT data->>'status' AS status FROM events WHERE subject_id = $1 AND type = 'message.delivery_changed' ORDER BY id`, [first]);
    expect(changes.map((x) => x.status)).toEqual(['queued', 'sent', 'delivered', 'seen']);
  });

  describe('Facebook errors', () => {
    afterEach(() => {
      fake.failSends.length = 0;
    });
    it('a rate limit (#613) keeps the reply queued with its reason and retries; it goes out once Facebook accepts', async () => {
      const c = await conversation();
      fake.failSends.push({ code: 613, message: 'Calls to this api have exceeded the rate limit.' });
      const id = await reply(c.ticketId, 'Thử lại sau');
      await t.ctx.jobs.drain();
      expect(await row(id)).toMatchObject({ delivery_status: 'queued', delivery_failure: 'rate_limited' });
      expect((await row(id)).delivery_error).toContain('#613');
      // The retry is due later: bring it forward instead of waiting.
      await t.ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = 'outbound.deliver' AND state = 'retry'`);
      await t.ctx.jobs.drain();
      expect(await row(id)).toMatchObject({ delivery_status: 'sent' });
      expect(sendsTo(c.psid)).toHaveLength(1);
    });

    it('a rate limit that lasts fails the reply as rate_limited after the last try', async () => {
      const c = await conversation();
      for (let i = 0; i < 6; i++) fake.failSends.push({ code: 4, message: '(#4) Application request limit reached' });
      const id = await reply(c.ticketId, 'Quá tải');
      // Six tries (the first and five retries), each retry brought forward instead of waited for.
      await t.ctx.jobs.drain();
      for (let i = 0; i < 10 && (await row(id)).delivery_status === 'queued'; i++) {
        await t.ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = 'outbound.deliver' AND state = 'retry'`);
        await t.ctx.jobs.drain();
      }
      expect(await row(id)).toMatchObject({ delivery_status: 'failed', delivery_failure: 'rate_limited' });
      expect(fake.failSends).toHaveLength(0);
    });

    it('maps window, permission, unreachable person and token errors to failures without retrying', async () => {
      const cases: [{ code: number; subcode?: number; message: string }, string][] = [
        [{ code: 10, subcode: 2018278, message: '(#10) This message is sent outside of allowed window.' }, 'window_closed'],
        [{ code: 10, message: '(#10) Application does not have permission for this action' }, 'permission_missing'],
        [{ code: 551, subcode: 1545041, message: "(#551) This person isn't available right now." }, 'recipient_unreachable'],
        [{ code: 190, message: 'Error validating access token: Session has expired' }, 'reconnect_needed'],
      ];
      for (const [error, failure] of cases) {
        const c = await conversation();
        fake.failSends.push(error);
        const id = await reply(c.ticketId, `Lỗi ${error.code}`);
        await t.ctx.jobs.drain();
        expect(await row(id), failure).toMatchObject({ delivery_status: 'failed', delivery_failure: failure });
      }
      const account = await t.ctx.db.one<{ status: string; status_message: string }>('SELECT status, status_message FROM channel_accounts WHERE id = $1', [page.id]);
      expect(account.status).toBe('error');
      await t.ctx.db.query(`UPDATE channel_accounts SET status = 'ok', status_message = NULL WHERE id = $1`, [page.id]);
    });
  });

  it('a demo Page never sends: blocked before typing, "demo: not sent" on the reply', async () => {
    const demo = await connectPage(t, w.admin.cookie, fake, { demo: true });
    // A demo Page has no app secret, so it takes no webhooks: its conversations come from the demo data.
    const psid = newPsid();
    const hook = await postWebhook(t, demo.key, pageBody({ pageId: fake.pageId, events: [messageEvent(fake.pageId, psid, { text: 'x' })] }));
    expect(hook.status).toBe(401);
    const c = await conversation();
    await t.ctx.db.query('UPDATE tickets SET channel_account_id = $2 WHERE id = $1', [c.ticketId, demo.id]);
    expect(await replyChannel(c.ticketId)).toMatchObject({ mode: 'blocked', reason: 'demo_account' });
    const id = await reply(c.ticketId, 'Demo');
    await t.ctx.jobs.drain();
    expect(await row(id)).toMatchObject({ delivery_status: 'failed', delivery_failure: 'demo_account' });
    expect((await row(id)).delivery_error).toContain('demo: not sent');
    expect(sendsTo(c.psid)).toHaveLength(0);
  });

  describe('surveys by quick replies', () => {
    async function sendSurvey(type: 'csat' | 'nps', c: { customerId: string; ticketId: string }) {
      const templates = (await api(t, w.admin.cookie, 'GET', '/api/survey-templates')).body.templates as { id: string; type: string; enabled: boolean }[];
      const tpl = templates.find((x) => x.type === type)!;
      if (!tpl.enabled) await api(t, w.admin.cookie, 'PATCH', `/api/survey-templates/${tpl.id}`, { enabled: true });
      const r = await api(t, w.admin.cookie, 'POST', '/api/surveys/send', { customerId: c.customerId, ticketId: c.ticketId, templateId: tpl.id });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      expect(r.body.status).toBe('sent');
      await t.ctx.jobs.drain();
      return r.body.requestId as string;
    }

    it('CSAT: five star quick replies; the tap is filed and recorded as the survey answer, like the web chat\'s', async () => {
      const c = await conversation();
      const requestId = await sendSurvey('csat', c);
      const [s] = sendsTo(c.psid);
      const qr = s.body.message.quick_replies!;
      expect(qr.map((q) => q.title)).toEqual(['⭐⭐⭐⭐⭐ Rất hài lòng', '⭐⭐⭐⭐ Hài lòng', '⭐⭐⭐ Bình thường', '⭐⭐ Không hài lòng', '⭐ Tệ']);
      expect(qr.every((q) => q.title.length <= 20 || [...q.title].length <= 20)).toBe(true);
      expect(s.body.message.text).toContain('/s/');
      const tap = messageEvent(fake.pageId, c.psid, { text: qr[1].title, quick_reply: { payload: qr[1].payload } });
      await postWebhook(t, page.key, pageBody({ pageId: fake.pageId, events: [tap] }));
      await t.ctx.jobs.drain();
      const answer = await t.ctx.db.one<{ score: number; channel: string; ticket_id: string }>('SELECT score, channel, ticket_id FROM survey_answers WHERE request_id = $1', [requestId]);
      expect(answer).toEqual({ score: 4, channel: 'messenger', ticket_id: c.ticketId });
      const req = await t.ctx.db.one<{ status: string }>('SELECT status FROM survey_requests WHERE id = $1', [requestId]);
      expect(req.status).toBe('answered');
      // A redelivered tap changes nothing; a forged payload records nothing.
      await postWebhook(t, page.key, pageBody({ pageId: fake.pageId, events: [tap] }));
      await t.ctx.jobs.drain();
      const forged = messageEvent(fake.pageId, c.psid, { text: '⭐ Tệ', quick_reply: { payload: 'TANTAM_SURVEY:not-the-real-token-000:1' } });
      await postWebhook(t, page.key, pageBody({ pageId: fake.pageId, events: [forged] }));
      await t.ctx.jobs.drain();
      const answers = await t.ctx.db.query<{ score: number }>('SELECT score FROM survey_answers WHERE customer_id = $1', [c.customerId]);
      expect(answers).toEqual([{ score: 4 }]);
      const filed = await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE ticket_id = $1 AND direction = 'inbound'`, [c.ticketId]);
      expect(filed.n).toBe(3);
    });

    it('NPS: 0–10 as eleven quick replies of one message (the most Messenger shows is 13)', async () => {
      const c = await conversation();
      await sendSurvey('nps', c);
      const sends = sendsTo(c.psid);
      expect(sends).toHaveLength(1);
      expect(sends[0].body.message.quick_replies!.map((q) => q.title)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    });
  });
});
