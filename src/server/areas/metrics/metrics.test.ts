import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { RawWriter } from '../../test/fixtures/metrics-raw.js';
import { metricsSettled } from './reactions.js';
import { dayIn } from './days.js';
import { addMessage } from '../tickets/index.js';
import { lockTicket } from '../tickets/index.js';
import { BreakdownSchema, LiveViewSchema, OverviewSchema, ScorecardSchema } from '../../../shared/metrics.js';
import { createWidget, openAllWeek, visitorClient } from '../../test/fixtures/webchat.js';
import { measure } from './engine.js';
import { rebuildWorkspace } from './refresh.js';

/** The metrics API through real commands: events → processors → samples → rollups → endpoints. */
let t: TestApp;
let ws: SeededWorkspace;
let agent: Awaited<ReturnType<typeof seedUser>>;
let other: Awaited<ReturnType<typeof seedUser>>;
let ticketId: string;
let period: string;

const get = (url: string, cookie = ws.admin.cookie) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const kpi = async (measure: string) => {
  const res = await get(`/api/metrics/overview?from=${period}&to=${period}`);
  return OverviewSchema.parse(res.json()).kpis.find((k) => k.measure === measure)!.current;
};

beforeAll(async () => {
  t = await createTestApp();
  ws = await seedWorkspace(t);
  agent = await seedUser(t, ws.workspaceId, 'agent', 'Lan Anh');
  other = await seedUser(t, ws.workspaceId, 'agent', 'Minh Tú');
  period = dayIn(new Date(), 'Asia/Ho_Chi_Minh');
  const customerId = await new RawWriter(t.ctx.db, ws.workspaceId).customer();
  const res = await t.app.inject({
    method: 'POST', url: '/api/tickets', headers: { cookie: ws.admin.cookie },
    payload: { customerId, subject: 'Đơn hàng chưa tới', channel: 'email', category: '=HYPERLINK("http://x")', assigneeId: agent.id, firstMessage: { kind: 'inbound', body: 'Chào shop' } },
  });
  expect(res.statusCode).toBe(201);
  ticketId = res.json().ticket.id;
  const reply = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, headers: { cookie: agent.cookie }, payload: { kind: 'reply', body: 'Dạ em kiểm tra ngay' } });
  expect(reply.statusCode).toBe(201);
  await metricsSettled();
});
afterAll(() => t?.close());

describe('metrics API', () => {
  it('counts a ticket and its first response as the events happen', async () => {
    expect((await kpi('volume')).value).toBe(1);
    expect((await kpi('frt')).n).toBe(1);
    expect((await kpi('response_time')).n).toBe(1);
    expect((await kpi('backlog')).value).toBe(1);
  });

  it('an automated survey message changes no response time; a later agent reply does', async () => {
    await t.ctx.db.tx(async (tx) => {
      const tk = await lockTicket(tx, ws.workspaceId, ticketId);
      await addMessage(tx, tk, { direction: 'inbound', authorUserId: null, channel: 'email', body: 'Còn một câu hỏi', contentType: 'text', attachments: [], actor: null });
    });
    await t.ctx.db.tx(async (tx) => {
      const tk = await lockTicket(tx, ws.workspaceId, ticketId);
      await addMessage(tx, tk, { direction: 'outbound', authorUserId: null, channel: 'email', body: 'Khảo sát', contentType: 'text', attachments: [], automated: true, actor: null, meta: { survey: { type: 'csat' } } });
    });
    await metricsSettled();
    const frtBefore = await kpi('frt');
    expect((await kpi('response_time')).n).toBe(1); // the customer's second message is still unanswered
    expect(frtBefore.n).toBe(1);
    const reply = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, headers: { cookie: agent.cookie }, payload: { kind: 'reply', body: 'Dạ vâng' } });
    expect(reply.statusCode).toBe(201);
    await metricsSettled();
    expect((await kpi('response_time')).n).toBe(2);
    expect(await kpi('frt')).toEqual(frtBefore);
  });

  it('refreshing again changes nothing (idempotent samples)', async () => {
    const count = async () => Number((await t.ctx.db.one(`SELECT count(*) AS n FROM metric_samples WHERE workspace_id = $1`, [ws.workspaceId])).n);
    const before = await count();
    const { refreshTicket } = await import('./refresh.js');
    await refreshTicket(t.ctx.db, ws.workspaceId, [ticketId]);
    await refreshTicket(t.ctx.db, ws.workspaceId, [ticketId]);
    expect(await count()).toBe(before);
    expect((await kpi('volume')).value).toBe(1);
  });

  it('breaks a measure down with labels, and exports it as formula-safe CSV with a BOM', async () => {
    const res = await get(`/api/metrics/measures/volume?from=${period}&to=${period}&by=agent`);
    expect(res.statusCode).toBe(200);
    const b = BreakdownSchema.parse(res.json());
    expect(b.rows).toEqual([expect.objectContaining({ key: agent.id, label: 'Lan Anh', current: { value: 1, n: 1 } })]);
    const csv = await get(`/api/metrics/measures/volume.csv?from=${period}&to=${period}&by=category`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFkey,label,value,n')).toBe(true);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    const byDay = BreakdownSchema.parse((await get(`/api/metrics/measures/frt?from=${period}&to=${period}&by=day`)).json());
    expect(byDay.rows).toHaveLength(1);
    expect(byDay.rows[0].key).toBe(period);
  });

  it('scorecards: supervisors see any agent, agents only their own', async () => {
    const own = await get(`/api/metrics/agents/${agent.id}/scorecard?from=${period}&to=${period}`, agent.cookie);
    expect(own.statusCode).toBe(200);
    const sc = ScorecardSchema.parse(own.json());
    expect(sc.agent.name).toBe('Lan Anh');
    expect(sc.measures.find((m) => m.measure === 'volume')!.current.value).toBe(1);
    expect(sc.measures.find((m) => m.measure === 'frt')!.current.n).toBe(1);
    expect((await get(`/api/metrics/agents/${agent.id}/scorecard?from=${period}&to=${period}`, other.cookie)).statusCode).toBe(403);
    expect((await get(`/api/metrics/agents/${other.id}/scorecard?from=${period}&to=${period}`)).statusCode).toBe(200);
    expect((await get(`/api/metrics/overview?from=${period}&to=${period}`, agent.cookie)).statusCode).toBe(403);
    const missing = await get(`/api/metrics/agents/00000000-0000-4000-8000-000000000000/scorecard?from=${period}&to=${period}`);
    expect(missing.statusCode).toBe(404);
  });

  it('live view: open tickets, who waits since when, agents online', async () => {
    await t.ctx.db.tx(async (tx) => {
      const tk = await lockTicket(tx, ws.workspaceId, ticketId);
      await addMessage(tx, tk, { direction: 'inbound', authorUserId: null, channel: 'email', body: 'Alo?', contentType: 'text', attachments: [], actor: null });
    });
    // Online = a socket open (the app's /api/ws adds exactly such a client per tab).
    const closeSocket = t.ctx.realtime.add({ workspaceId: ws.workspaceId, userId: agent.id, topics: new Set(), send: () => {} });
    const live = LiveViewSchema.parse((await get('/api/metrics/live')).json());
    closeSocket();
    expect(live.openTickets).toBe(1);
    expect(live.unassigned).toBe(0);
    expect(live.waiting).toEqual([expect.objectContaining({ ticketId, channel: 'email' })]);
    expect(live.agents.find((a) => a.id === agent.id)).toMatchObject({ online: true, openAssigned: 1 });
    expect(live.agents.find((a) => a.id === other.id)).toMatchObject({ online: false, openAssigned: 0 });
  });

  it('the sweep job settles a first-response SLA whose due time passed without any event', async () => {
    const { sweepJob, foldJob } = await import('./jobs.js');
    const customerId = (await t.ctx.db.one(`SELECT customer_id FROM tickets WHERE id = $1`, [ticketId])).customer_id;
    const res = await t.app.inject({
      method: 'POST', url: '/api/tickets', headers: { cookie: ws.admin.cookie },
      payload: { customerId, subject: 'Chưa ai trả lời', channel: 'email', firstMessage: { kind: 'inbound', body: 'Alo' } },
    });
    expect(res.statusCode).toBe(201);
    await metricsSettled();
    const before = await kpi('sla_first_response');
    // Its due time passed a minute ago: no event happens, only the sweep notices.
    await t.ctx.db.query(`UPDATE tickets SET first_response_due_at = now() - interval '1 minute' WHERE id = $1`, [res.json().ticket.id]);
    await sweepJob.handle(t.ctx, {} as never, { attempt: 1 } as never);
    await foldJob.handle(t.ctx, {} as never, { attempt: 1 } as never);
    const after = await kpi('sla_first_response');
    expect(after.n).toBe(before.n + 1);
    expect(after.value).toBeLessThan(before.value ?? 101);
  });

  it('refuses periods that make no sense with a stable id', async () => {
    const back = await get(`/api/metrics/overview?from=2026-03-10&to=2026-03-01`);
    expect(back.statusCode).toBe(400);
    expect(back.json().error?.id ?? back.json().id).toBe('metrics.invalid_period');
    expect((await get(`/api/metrics/overview?from=2026-02-30&to=2026-03-01`)).statusCode).toBe(400);
    expect((await get(`/api/metrics/measures/nope?from=2026-03-01&to=2026-03-01`)).statusCode).toBe(400);
  });
});

describe('calls and chats, from the events they tell their facts in', () => {
  it('measures a logged call and a web chat as they end; a rebuild from the stored events gives the same', async () => {
    const shop = await seedWorkspace(t, 'Shop Gọi và Chat');
    await openAllWeek(t, shop.workspaceId);
    const customerId = await new RawWriter(t.ctx.db, shop.workspaceId).customer();
    const call = await t.app.inject({
      method: 'POST', url: '/api/calls', headers: { cookie: shop.admin.cookie },
      payload: { customerId, direction: 'inbound', startedAt: new Date(Date.now() - 60_000).toISOString(), talkSeconds: 240, wrapUpSeconds: 30 },
    });
    expect(call.statusCode, call.body).toBe(201);
    // A chat an agent answers, then resolves; another nobody answers before the visitor gives up.
    const widget = await createWidget(t, shop.admin.cookie, { abandonAfterSeconds: 10 });
    const chatTicket = async (text: string) => {
      const v = visitorClient(t, widget.key);
      await v.start({ name: 'Khách' });
      const said = await v.say(text);
      return { v, ticketId: (await t.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [said.body.message.id])).ticket_id };
    };
    const answered = await chatTicket('Shop ơi');
    expect((await t.app.inject({ method: 'POST', url: `/api/tickets/${answered.ticketId}/messages`, headers: { cookie: shop.admin.cookie }, payload: { kind: 'reply', body: 'Dạ' } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/tickets/${answered.ticketId}`, headers: { cookie: shop.admin.cookie }, payload: { status: 'resolved' } })).statusCode).toBe(200);
    const unanswered = await chatTicket('Có ai không?');
    // The abandonment decision reads the channel's own times: the visitor has waited a minute.
    await t.ctx.db.query(`UPDATE webchat_conversations SET started_at = started_at - interval '1 minute' WHERE ticket_id = $1`, [unanswered.ticketId]);
    expect((await unanswered.v.call('POST', '/end', {})).body.conversation.status).toBe('abandoned');
    await metricsSettled();

    const f = { from: dayIn(new Date(Date.now() - 120_000), 'Asia/Ho_Chi_Minh'), to: period };
    const figures = async () =>
      Object.fromEntries(await Promise.all((['aht_call', 'abandoned_call', 'aht_chat', 'abandoned_chat'] as const).map(async (k) => [k, await measure(t.ctx.db, shop.workspaceId, k, f)])));
    const live = await figures();
    expect(live.aht_call).toMatchObject({ value: 270, n: 1 });
    expect(live.abandoned_call).toMatchObject({ value: 0, n: 1 });
    expect(live.aht_chat.n).toBe(1);
    expect(live.abandoned_chat).toMatchObject({ value: 50, n: 2 });
    // The channel's tables play no part in the figures: the rebuild reads the events alone.
    await t.ctx.db.query(`UPDATE webchat_conversations SET status = 'open', first_agent_reply_at = NULL WHERE workspace_id = $1`, [shop.workspaceId]);
    await rebuildWorkspace(t.ctx.db, shop.workspaceId);
    expect(await figures()).toEqual(live);
  });
});
