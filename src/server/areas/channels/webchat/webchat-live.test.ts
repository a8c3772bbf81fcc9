import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import WebSocket from 'ws';
import { errorHandler } from '../../../core/http/errors.js';
import { widgetRoutes } from './routes.js';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { api, insertCustomer, openTicket } from '../../../test/fixtures/tickets.js';
import type { ConversationRow } from './store.js';
import { CHECK_JOB, decideAfterLeaving, decideOnEnd, IDLE_MINUTES } from './chat.js';
import { runConversationCheck } from './live.js';
import { connectSocket, createWidget, eventually, openAllWeek, sleep, visitorClient } from '../../../test/fixtures/webchat.js';

describe('chat widget live (WebSocket, agent replies, chat lifecycle)', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let widget: { key: string; id: string };
  let wsBase: string;
  const ORIGIN = 'https://shop.example.vn';

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t, 'Shop Sống');
    await openAllWeek(t, w.workspaceId);
    widget = await createWidget(t, w.admin.cookie, { allowedOrigins: [ORIGIN], abandonAfterSeconds: 10 });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no port');
    wsBase = `ws://127.0.0.1:${addr.port}`;
  });
  afterAll(() => t.close());

  /** A visitor with a session, a first message (so a ticket and a chat) and an open socket. */
  async function chattingVisitor(first = 'Cho em hỏi giá ship') {
    const v = visitorClient(t, widget.key, { origin: ORIGIN });
    const s = await v.start({ name: 'Khách Vãng Lai' });
    const m = await v.say(first);
    const ticketId = (await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [m.body.message.id])).ticket_id;
    const sock = await connectSocket(`${wsBase}/api/widget/${widget.key}/ws?token=${encodeURIComponent(v.token!)}`, { origin: ORIGIN });
    await sock.next((f) => f.type === 'status');
    return { v, s, ticketId, sock, firstSeq: m.body.message.seq as number };
  }
  const reply = async (ticketId: string, body: string) => {
    const r = await api(t, w.admin.cookie, 'POST', `/api/tickets/${ticketId}/messages`, { kind: 'reply', body });
    expect(r.status).toBe(201);
    return r.body.message.id as string;
  };
  const delivery = async (id: string) => (await t.ctx.db.one<{ delivery_status: string | null }>('SELECT delivery_status FROM messages WHERE id = $1', [id])).delivery_status;
  const chatOf = (ticketId: string) => t.ctx.db.one<ConversationRow>('SELECT * FROM webchat_conversations WHERE ticket_id = $1 ORDER BY started_at DESC LIMIT 1', [ticketId]);

  it('refuses a socket from a disallowed origin or without a valid token', async () => {
    const v = visitorClient(t, widget.key, { origin: ORIGIN });
    await v.start({});
    await expect(connectSocket(`${wsBase}/api/widget/${widget.key}/ws?token=${v.token}`, { origin: 'https://evil.example.com' })).rejects.toThrow(/403/);
    await expect(connectSocket(`${wsBase}/api/widget/${widget.key}/ws?token=wv_forged`, { origin: ORIGIN })).rejects.toThrow(/401/);
    await expect(connectSocket(`${wsBase}/api/widget/nope/ws?token=${v.token}`, { origin: ORIGIN })).rejects.toThrow(/404/);
  });

  it("pushes the agent's reply to the visitor's socket live; the ack marks it delivered; the chat records the first answer", async () => {
    const { ticketId, sock, firstSeq } = await chattingVisitor();
    const id = await reply(ticketId, 'Dạ phí ship nội thành là 20.000đ ạ');
    const frame = await sock.next((f) => f.type === 'message' && f.message.id === id);
    expect(frame.message).toMatchObject({ direction: 'agent', body: 'Dạ phí ship nội thành là 20.000đ ạ', authorName: 'Quản Trị', seq: firstSeq + 1, clientId: null });
    const chat = (await eventually(async () => {
      const c = await chatOf(ticketId);
      return c.first_agent_reply_at ? c : undefined;
    }))!;
    expect(new Date(chat.first_agent_reply_at!).getTime()).toBeGreaterThanOrEqual(new Date(chat.started_at).getTime());

    // The delivery job marks it sent without pushing it a second time.
    expect(await delivery(id)).toBe('queued');
    await t.ctx.jobs.drain(['outbound.deliver']);
    expect(await delivery(id)).toBe('sent');
    await sleep(100);
    expect(sock.received.filter((f) => f.type === 'message' && f.message.id === id)).toHaveLength(1);

    sock.send({ type: 'ack', seq: frame.message.seq });
    await eventually(async () => (await delivery(id)) === 'delivered');
    // A later, repeated ack changes nothing.
    sock.send({ type: 'ack', seq: frame.message.seq });
    await sleep(100);
    const changes = await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'message.delivery_changed' AND subject_id = $1 AND data->>'status' = 'delivered'`, [id]);
    expect(changes.n).toBe(1);
    await sock.close();
  });

  it("shows the visitor an agent's file through a link with their token, and never internal notes", async () => {
    const { v, ticketId, sock } = await chattingVisitor('Gửi em bảng giá');
    const pdf = Buffer.from('%PDF-1.4 bang gia');
    const r = await api(t, w.admin.cookie, 'POST', `/api/tickets/${ticketId}/messages`, {
      kind: 'reply',
      body: 'Dạ bảng giá đây ạ',
      attachments: [{ filename: 'bảng giá.pdf', contentType: 'application/pdf', dataBase64: pdf.toString('base64') }],
    });
    expect(r.status).toBe(201);
    await api(t, w.admin.cookie, 'POST', `/api/tickets/${ticketId}/messages`, { kind: 'note', body: 'Khách này hay mặc cả' });
    const frame = await sock.next((f) => f.type === 'message' && f.message.id === r.body.message.id);
    const file = frame.message.attachments[0];
    expect(file).toMatchObject({ filename: 'bảng giá.pdf', contentType: 'application/pdf', size: pdf.length });
    const u = new URL(file.url);
    expect(u.searchParams.get('token')).toBe(v.token);
    const got = await t.app.inject({ method: 'GET', url: u.pathname + u.search });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
    await sleep(150);
    const list = (await v.call('GET', '/messages?after=0')).body.messages;
    expect(list.map((m: { body: string }) => m.body)).not.toContain('Khách này hay mặc cả');
    expect(sock.received.some((f) => f.type === 'message' && f.message.body === 'Khách này hay mặc cả')).toBe(false);
    await sock.close();
  });

  it('after a network drop, fetching after the last seq returns the missed messages exactly once', async () => {
    const { v, ticketId, sock } = await chattingVisitor('Alo shop ơi');
    const seen = new Map<string, { seq: number }>();
    for (const m of (await v.call('GET', '/messages?after=0')).body.messages) seen.set(m.id, m);
    const first = await reply(ticketId, 'Dạ shop nghe');
    const live = await sock.next((f) => f.type === 'message' && f.message.id === first);
    seen.set(live.message.id, live.message);
    const lastSeq = Math.max(...[...seen.values()].map((m) => m.seq));

    await sock.close(); // the drop
    const missed = [await reply(ticketId, 'Anh cần tư vấn mẫu nào ạ?'), await reply(ticketId, 'Shop còn size M và L')];
    await t.ctx.jobs.drain(['outbound.deliver']);
    expect(await delivery(missed[0])).toBe('sent'); // sent while offline; fetched on return

    const back = await connectSocket(`${wsBase}/api/widget/${widget.key}/ws?token=${encodeURIComponent(v.token!)}`, { origin: ORIGIN });
    const fetched = (await v.call('GET', `/messages?after=${lastSeq}`)).body.messages;
    expect(fetched.map((m: { id: string }) => m.id)).toEqual(missed);
    expect(fetched.map((m: { seq: number }) => m.seq)).toEqual([lastSeq + 1, lastSeq + 2]);
    for (const m of fetched) seen.set(m.id, m);
    // Nothing more after the last one, and a visitor message sent now continues the sequence.
    expect((await v.call('GET', `/messages?after=${lastSeq + 2}`)).body.messages).toEqual([]);
    const mine = await v.say('Size M nhé');
    expect(mine.body.message.seq).toBe(lastSeq + 3);
    // The full history (a reload) has every message once, in seq order.
    const all = (await v.start({})).messages;
    expect(all.map((m: { seq: number }) => m.seq)).toEqual([...all.map((m: { seq: number }) => m.seq)].sort((a: number, b: number) => a - b));
    expect(new Set(all.map((m: { id: string }) => m.id)).size).toBe(all.length);
    expect(all).toHaveLength(5);
    await back.close();
  });

  it('carries typing both ways', async () => {
    const { ticketId, sock } = await chattingVisitor('Cho hỏi');
    const agent = await connectSocket(`${wsBase}/api/ws`, { cookie: w.admin.cookie });
    agent.send({ type: 'subscribe', topics: [`ticket:${ticketId}`] });
    await agent.next((m) => m.type === 'subscribed');
    sock.send({ type: 'typing' });
    const ev = await agent.next((m) => m.type === 'event' && m.event.type === 'webchat.typing');
    expect(ev.event.data).toEqual({ ticketId });
    // Not stored: transient.
    expect((await t.ctx.db.query(`SELECT 1 FROM events WHERE type = 'webchat.typing'`)).length).toBe(0);

    const r = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/typing`, headers: { cookie: w.admin.cookie } });
    expect(r.statusCode).toBe(204);
    expect(await sock.next((f) => f.type === 'typing')).toEqual({ type: 'typing', name: 'Quản Trị' });
    // Another channel's ticket: accepted, nothing to push.
    const customerId = await insertCustomer(t, w.workspaceId, 'Khách Email');
    const other = await openTicket(t, w.admin.cookie, { customerId });
    expect((await t.app.inject({ method: 'POST', url: `/api/tickets/${other.id}/typing`, headers: { cookie: w.admin.cookie } })).statusCode).toBe(204);
    await agent.close();
    await sock.close();
  });

  /** Makes the visitor's chat look as if it started `seconds` ago (they have been waiting that long). */
  const backdate = (ticketId: string, seconds: number) =>
    t.ctx.db.query(`UPDATE webchat_conversations SET started_at = started_at - make_interval(secs => $2), last_visitor_message_at = last_visitor_message_at - make_interval(secs => $2) WHERE ticket_id = $1`, [ticketId, seconds]);
  /**
   * Runs the leave checks now instead of after their grace period. Due a minute ago, not "now()": pg-boss
   * fetches `start_after < now()`, and the next statement can share the millisecond (the job stayed put).
   */
  const runChecksNow = async () => {
    await t.ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = $1 AND state = 'created'`, [CHECK_JOB]);
    await t.ctx.jobs.drain([CHECK_JOB]);
  };

  it('records an unanswered visitor who left after waiting as abandoned, and an answered one not', async () => {
    const unanswered = await chattingVisitor('Có ai không?');
    const answered = await chattingVisitor('Shop ơi');
    const quick = await chattingVisitor('Thôi khỏi');
    const returning = await chattingVisitor('Đợi chút');
    await reply(answered.ticketId, 'Dạ em đây');
    await eventually(async () => (await chatOf(answered.ticketId)).first_agent_reply_at);
    for (const x of [unanswered, answered, returning]) await backdate(x.ticketId, 60);

    for (const x of [unanswered, answered, quick, returning]) await x.sock.close();
    // Each close is recorded on its own, in any order: wait for all of them (the checks need visitor_left_at).
    for (const x of [unanswered, answered, returning]) await eventually(async () => (await chatOf(x.ticketId)).visitor_left_at);
    // The returning visitor reconnects before the check.
    const again = await connectSocket(`${wsBase}/api/widget/${widget.key}/ws?token=${encodeURIComponent(returning.v.token!)}`, { origin: ORIGIN });
    await again.next((f) => f.type === 'status');
    await eventually(async () => !(await chatOf(returning.ticketId)).visitor_left_at);
    await eventually(async () => (await chatOf(quick.ticketId)).visitor_left_at);
    expect(await t.ctx.jobs.pending(CHECK_JOB)).toBeGreaterThanOrEqual(6);

    await runChecksNow();
    const a = await chatOf(unanswered.ticketId);
    // On failure, the row and the check jobs say why (this failed now and then under a loaded full run).
    const jobs = await t.ctx.db.query(`SELECT state, data FROM pgboss.job WHERE name = $1 AND data->>'conversationId' = $2`, [CHECK_JOB, a.id]);
    expect(a, JSON.stringify({ chat: a, jobs })).toMatchObject({ status: 'abandoned', end_reason: 'abandoned' });
    expect(new Date(a.ended_at!).getTime()).toBe(new Date(a.visitor_left_at!).getTime());
    expect((await chatOf(answered.ticketId)).status).toBe('open');
    expect((await chatOf(quick.ticketId)).status).toBe('open');
    expect((await chatOf(returning.ticketId)).status).toBe('open');

    // Half an hour later the answered chat the visitor left has gone idle.
    const left = await chatOf(answered.ticketId);
    const data = { workspaceId: w.workspaceId, conversationId: left.id, leftAt: new Date(left.visitor_left_at!).toISOString(), check: 'idle' as const };
    expect(await runConversationCheck(t.ctx, data, new Date(Date.now() + 5 * 60_000))).toBeNull();
    const idle = await runConversationCheck(t.ctx, data, new Date(Date.now() + (IDLE_MINUTES + 1) * 60_000));
    expect(idle).toMatchObject({ status: 'ended', end_reason: 'idle' });
    await again.close();
  });

  it('ends the chat when the visitor ends it (abandoned if unanswered after waiting) or the ticket is resolved', async () => {
    const waited = await chattingVisitor('Alo');
    await backdate(waited.ticketId, 30);
    const r = await waited.v.call('POST', '/end', {});
    expect(r.status).toBe(200);
    expect(r.body.conversation.status).toBe('abandoned');
    expect(await waited.sock.next((f) => f.type === 'conversation')).toEqual({ type: 'conversation', status: 'abandoned' });

    const talked = await chattingVisitor('Hỏi chút');
    await reply(talked.ticketId, 'Dạ');
    await eventually(async () => (await chatOf(talked.ticketId)).first_agent_reply_at);
    expect((await talked.v.call('POST', '/end', {})).body.conversation.status).toBe('ended');
    expect((await chatOf(talked.ticketId)).end_reason).toBe('visitor');
    // Writing again starts a new chat on the same ticket (still open), and the seq continues.
    const next = await talked.v.say('Quên hỏi thêm');
    expect(next.status).toBe(201);
    const chats = await t.ctx.db.query('SELECT status FROM webchat_conversations WHERE ticket_id = $1 ORDER BY started_at', [talked.ticketId]);
    expect(chats.map((c) => c.status)).toEqual(['ended', 'open']);

    // The visitor's own end above already pushed one 'ended' frame: the resolution's is the next one.
    const endedFrames = () => talked.sock.received.filter((f) => f.type === 'conversation' && f.status === 'ended').length;
    const framesBefore = endedFrames();
    const res = await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${talked.ticketId}`, { status: 'resolved' });
    expect(res.status).toBe(200);
    expect(await eventually(async () => endedFrames() > framesBefore)).toBe(true);
    expect(await chatOf(talked.ticketId)).toMatchObject({ status: 'ended', end_reason: 'resolved' });
    await waited.sock.close();
    await talked.sock.close();
  });

  it('tells every chat as events: chat.started, and chat.ended with its facts whoever ends it', async () => {
    const told = async (chatId: string) => (await t.ctx.db.query<{ type: string; data: Record<string, unknown> }>(`SELECT type, data FROM events WHERE subject_type = 'chat' AND subject_id = $1 ORDER BY id`, [chatId]));
    const iso = (d: Date | string) => new Date(d).toISOString();

    // Answered, then resolved right away: the end counts the answer whichever reaction ran first.
    const talked = await chattingVisitor('Cho hỏi size');
    const replyId = await reply(talked.ticketId, 'Dạ có đủ size ạ');
    expect((await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${talked.ticketId}`, { status: 'resolved' })).status).toBe(200);
    await eventually(async () => (await chatOf(talked.ticketId)).status === 'ended');
    const chat = await chatOf(talked.ticketId);
    const repliedAt = (await t.ctx.db.one<{ created_at: Date }>('SELECT created_at FROM messages WHERE id = $1', [replyId])).created_at;
    expect(await told(chat.id)).toEqual([
      { type: 'chat.started', data: { ticketId: talked.ticketId, channel: 'webchat', accountId: widget.id, startedAt: iso(chat.started_at) } },
      {
        type: 'chat.ended',
        data: {
          ticketId: talked.ticketId, channel: 'webchat', status: 'ended', reason: 'resolved', startedAt: iso(chat.started_at), agentJoinedAt: iso(repliedAt),
          endedAt: iso(chat.ended_at!), waitSeconds: Math.round((new Date(repliedAt).getTime() - new Date(chat.started_at).getTime()) / 1000),
        },
      },
    ]);

    // Unanswered and given up: abandoned, the wait runs to the end.
    const waited = await chattingVisitor('Alo có ai không');
    await backdate(waited.ticketId, 45);
    expect((await waited.v.call('POST', '/end', {})).body.conversation.status).toBe('abandoned');
    const gone = await chatOf(waited.ticketId);
    expect((await told(gone.id)).map((e) => e.type)).toEqual(['chat.started', 'chat.ended']);
    expect((await told(gone.id))[1].data).toMatchObject({ status: 'abandoned', reason: 'abandoned', agentJoinedAt: null, startedAt: iso(gone.started_at), endedAt: iso(gone.ended_at!) });
    expect(Number((await told(gone.id))[1].data.waitSeconds)).toBeGreaterThanOrEqual(45);
    await talked.sock.close();
    await waited.sock.close();
  });

  it('pings every period and drops a visitor who stops answering (then counts them as gone)', async () => {
    // The widget routes alone with a short heartbeat, on the same database.
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(errorHandler);
    await app.register(rateLimit, { global: false });
    await app.register(websocket);
    await app.register(widgetRoutes(t.ctx, { pingMs: 80 }), { prefix: '/api' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (app.server.address() as AddressInfo).port;
      const v = visitorClient(t, widget.key, { origin: ORIGIN });
      await v.start({});
      const m = await v.say('Ai đó ơi');
      const ticketId = (await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [m.body.message.id])).ticket_id;
      const url = `ws://127.0.0.1:${port}/api/widget/${widget.key}/ws?token=${encodeURIComponent(v.token!)}`;
      // A live client (answers pings automatically) stays connected and sees JSON pings.
      const live = await connectSocket(url, { origin: ORIGIN });
      await live.next((f) => f.type === 'ping');
      await sleep(300);
      expect(live.ws.readyState).toBe(WebSocket.OPEN);
      await live.close();
      await eventually(async () => (await chatOf(ticketId)).visitor_left_at);
      // A silent one (no pong, no frames) is terminated after a period.
      const silent = new WebSocket(url, { headers: { origin: ORIGIN }, autoPong: false });
      const closed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
      await new Promise<void>((resolve) => silent.once('open', () => resolve()));
      await eventually(async () => !(await chatOf(ticketId)).visitor_left_at);
      await closed;
      await eventually(async () => (await chatOf(ticketId)).visitor_left_at);
    } finally {
      await app.close();
    }
  });

  it('decides abandonment from the times alone (clock given)', () => {
    const t0 = new Date('2026-11-22T08:00:00Z');
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const chat = { status: 'open' as const, started_at: t0, first_agent_reply_at: null, visitor_left_at: at(200), last_visitor_message_at: t0 };
    expect(decideAfterLeaving(chat, at(200), 'abandon', 120, at(230))).toMatchObject({ status: 'abandoned', endedAt: at(200) });
    expect(decideAfterLeaving(chat, at(200), 'abandon', 300, at(230))).toBeNull(); // left before the wait counted
    expect(decideAfterLeaving({ ...chat, first_agent_reply_at: at(100) }, at(200), 'abandon', 120, at(230))).toBeNull();
    // Answered only after they had left: they never saw it.
    expect(decideAfterLeaving({ ...chat, first_agent_reply_at: at(210) }, at(200), 'abandon', 120, at(230))?.status).toBe('abandoned');
    // Came back (a newer leave time, or none): the old check does nothing.
    expect(decideAfterLeaving({ ...chat, visitor_left_at: null }, at(200), 'abandon', 120, at(230))).toBeNull();
    expect(decideAfterLeaving({ ...chat, visitor_left_at: at(400) }, at(200), 'abandon', 120, at(430))).toBeNull();
    expect(decideAfterLeaving({ ...chat, status: 'ended' }, at(200), 'abandon', 120, at(230))).toBeNull();
    expect(decideOnEnd({ started_at: t0, first_agent_reply_at: null }, 120, at(121)).status).toBe('abandoned');
    expect(decideOnEnd({ started_at: t0, first_agent_reply_at: null }, 120, at(60)).status).toBe('ended');
    expect(decideOnEnd({ started_at: t0, first_agent_reply_at: at(30) }, 120, at(600)).status).toBe('ended');
  });
});
