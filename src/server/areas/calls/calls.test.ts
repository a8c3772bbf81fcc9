import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { api, insertCustomer, openTicket } from '../../test/fixtures/tickets.js';
import { callEvents, createPhoneEndpoint, postHook } from '../../test/fixtures/phone.js';
import type { Call } from '../../../shared/calls.js';
import type { Customer360 } from '../../../shared/customers.js';

/** GET /api/calls, GET /api/customers/:id/calls */
type CallPage = { calls: Call[]; nextCursor: string | null };

describe('calls: logging by hand, lists, the customer timeline', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let agent: { id: string; cookie: string };
  let other: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    other = await seedWorkspace(t, 'Cửa hàng khác');
    agent = await seedUser(t, w.workspaceId, 'agent', 'Ngô Thị Mai');
  });
  afterAll(() => t.close());

  const log = (body: Record<string, unknown>, cookie = agent.cookie) => api(t, cookie, 'POST', '/api/calls', body);
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

  it('logs an outbound call for a customer by id into their open phone ticket, or a new one', async () => {
    const customerId = await insertCustomer(t, w.workspaceId, 'Hoàng Văn Nam', '+84913000111');
    const r = await log({ customerId, direction: 'outbound', startedAt: ago(30), talkSeconds: 125, wrapUpSeconds: 30, note: 'Khách hẹn chiều mai ghé cửa hàng.' });
    expect(r.status).toBe(201);
    expect(r.body.call).toMatchObject({
      direction: 'outbound', status: 'ended', to: '+84913000111', from: null, talkSeconds: 125, wrapUpSeconds: 30, missed: false, abandoned: false,
      loggedByHand: true, customer: { id: customerId, name: 'Hoàng Văn Nam' }, agent: { id: agent.id, name: 'Ngô Thị Mai' }, note: 'Khách hẹn chiều mai ghé cửa hàng.',
    });
    const ticket = (await api(t, agent.cookie, 'GET', `/api/tickets/${r.body.call.ticketId}`)).body.ticket;
    expect(ticket).toMatchObject({ channel: 'phone', subject: 'Cuộc gọi tới Hoàng Văn Nam', number: r.body.call.ticketNumber });
    const msgs = (await api(t, agent.cookie, 'GET', `/api/tickets/${ticket.id}/messages`)).body.messages;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ direction: 'outbound', author: { id: agent.id }, deliveryStatus: null });
    expect(msgs[0].body).toContain('Cuộc gọi đi tới 0913 000 111');
    expect(msgs[0].body).toContain('đàm thoại 02:05');
    expect(msgs[0].body).toContain('Khách hẹn chiều mai ghé cửa hàng.');
    expect(msgs[0].details.call).toMatchObject({ loggedByHand: true, talkSeconds: 125, wrapUpSeconds: 30, status: 'ended', agentName: 'Ngô Thị Mai' });
    // The next call joins the open phone ticket.
    const again = await log({ phone: '0913 000 111', direction: 'inbound', startedAt: ago(5), talkSeconds: 0 });
    expect(again.status).toBe(201);
    expect(again.body.call).toMatchObject({ ticketId: ticket.id, status: 'missed', from: '+84913000111', customer: { id: customerId } });
  });

  it('logs into the ticket given (any channel), and takes the customer from it', async () => {
    const customerId = await insertCustomer(t, w.workspaceId, 'Vũ Thị Hoa', '+84913000222');
    const ticket = await openTicket(t, agent.cookie, { customerId, channel: 'email', subject: 'Đổi hàng' });
    const r = await log({ ticketId: ticket.id, direction: 'outbound', startedAt: ago(10), talkSeconds: 60 });
    expect(r.status).toBe(201);
    expect(r.body.call).toMatchObject({ ticketId: ticket.id, customer: { id: customerId } });
  });

  it('creates the customer for an unknown phone number', async () => {
    const r = await log({ phone: '+84 987 000 333', direction: 'inbound', startedAt: ago(2), talkSeconds: 42 });
    expect(r.status).toBe(201);
    const c = (await api(t, agent.cookie, 'GET', `/api/customers/${r.body.call.customer.id}`)).body;
    expect(JSON.stringify(c)).toContain('+84987000333');
  });

  it('answers 400 with stable ids for invalid input and writes nothing', async () => {
    const customerId = await insertCustomer(t, w.workspaceId, 'Đinh Văn Tú', '+84913000444');
    const otherCustomer = await insertCustomer(t, w.workspaceId, 'Người khác', '+84913000555');
    const ticket = await openTicket(t, agent.cookie, { customerId: otherCustomer, channel: 'phone' });
    const before = (await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE workspace_id = $1', [w.workspaceId])).n;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ direction: 'outbound', startedAt: ago(1), talkSeconds: 10 }, 400, 'call.customer_required'],
      [{ phone: 'không có số', direction: 'outbound', startedAt: ago(1), talkSeconds: 10 }, 400, 'call.invalid_phone'],
      [{ customerId: crypto.randomUUID(), direction: 'outbound', startedAt: ago(1), talkSeconds: 10 }, 400, 'call.invalid_customer'],
      [{ customerId, ticketId: ticket.id, direction: 'outbound', startedAt: ago(1), talkSeconds: 10 }, 400, 'call.ticket_customer_mismatch'],
      [{ customerId, ticketId: crypto.randomUUID(), direction: 'outbound', startedAt: ago(1), talkSeconds: 10 }, 404, 'ticket.not_found'],
      [{ customerId, direction: 'outbound', startedAt: new Date(Date.now() + 3600_000).toISOString(), talkSeconds: 10 }, 400, 'call.in_future'],
      [{ customerId, direction: 'sideways', startedAt: ago(1), talkSeconds: 10 }, 400, 'validation.failed'],
      [{ customerId, direction: 'outbound', startedAt: 'hôm qua', talkSeconds: 10 }, 400, 'validation.failed'],
      [{ customerId, direction: 'outbound', startedAt: ago(1), talkSeconds: -1 }, 400, 'validation.failed'],
      [{ customerId, direction: 'outbound', startedAt: ago(1) }, 400, 'validation.failed'],
    ];
    for (const [body, status, id] of cases) {
      const r = await log(body);
      expect(r.status, id).toBe(status);
      expect(r.body.error.id).toBe(id);
    }
    expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE workspace_id = $1', [w.workspaceId])).n).toBe(before);
  });

  it('refuses another workspace\'s customer and ticket, and needs a login', async () => {
    const foreign = await insertCustomer(t, other.workspaceId, 'Khách nơi khác', '+84913000666');
    expect((await log({ customerId: foreign, direction: 'outbound', startedAt: ago(1), talkSeconds: 5 })).body.error.id).toBe('call.invalid_customer');
    const foreignTicket = await openTicket(t, other.admin.cookie, { customerId: foreign, channel: 'phone' });
    expect((await log({ ticketId: foreignTicket.id, direction: 'outbound', startedAt: ago(1), talkSeconds: 5 })).status).toBe(404);
    const anon = await t.app.inject({ method: 'POST', url: '/api/calls', payload: {} });
    expect(anon.statusCode).toBe(401);
    // Every role (and integrations) may log calls; there is no role to refuse.
    const token = await seedToken(t, w.admin.cookie);
    const customerId = await insertCustomer(t, w.workspaceId, 'Qua tích hợp', '+84913000777');
    expect((await log({ customerId, direction: 'inbound', startedAt: ago(1), talkSeconds: 5 }, `Bearer ${token}`)).status).toBe(201);
  });

  it('lists calls (filters, cursor) and a customer\'s calls, and shows calls in the 360 timeline once', async () => {
    const key = (await createPhoneEndpoint(t, w.admin.cookie)).key;
    const customerId = await insertCustomer(t, w.workspaceId, 'Trịnh Công Sơn', '+84913000888');
    await postHook(t, key, { events: callEvents('c-1', new Date(Date.now() - 7200_000), { from: '0913000888', missed: true }) });
    await postHook(t, key, { events: callEvents('c-2', new Date(Date.now() - 3600_000), { from: '0913000888' }) });
    await log({ customerId, direction: 'outbound', startedAt: ago(10), talkSeconds: 90, note: 'Đã gọi lại.' });

    const mine: CallPage = (await api(t, agent.cookie, 'GET', `/api/customers/${customerId}/calls`)).body;
    expect(mine.calls.map((c) => [c.direction, c.status, c.loggedByHand])).toEqual([
      ['outbound', 'ended', true],
      ['inbound', 'ended', false],
      ['inbound', 'missed', false],
    ]);
    expect(mine.calls[2]).toMatchObject({ callId: 'c-1', abandoned: true, waitSeconds: 25 });
    const missed: CallPage = (await api(t, agent.cookie, 'GET', `/api/calls?status=missed&customerId=${customerId}`)).body;
    expect(missed.calls.map((c) => c.callId)).toEqual(['c-1']);
    const page1: CallPage = (await api(t, agent.cookie, 'GET', `/api/calls?limit=2&customerId=${customerId}`)).body;
    expect(page1.calls).toHaveLength(2);
    const page2: CallPage = (await api(t, agent.cookie, 'GET', `/api/calls?limit=2&customerId=${customerId}&cursor=${page1.nextCursor}`)).body;
    expect(page2.calls.map((c) => c.callId)).toEqual(['c-1']);
    expect(page2.nextCursor).toBeNull();
    expect((await api(t, agent.cookie, 'GET', `/api/customers/${crypto.randomUUID()}/calls`)).status).toBe(404);

    // A profile merged into this customer brings its calls along (list and timeline).
    const dup = await insertCustomer(t, w.workspaceId, 'Sơn (số phụ)', '+84913000999');
    await postHook(t, key, { events: callEvents('c-3', new Date(Date.now() - 5400_000), { from: '0913000999' }) });
    expect((await api(t, agent.cookie, 'POST', `/api/customers/${customerId}/merge`, { sourceId: dup })).status).toBe(201);
    const merged: CallPage = (await api(t, agent.cookie, 'GET', `/api/customers/${customerId}/calls`)).body;
    expect(merged.calls.map((c) => c.callId)).toContain('c-3');

    const c360: Customer360 = (await api(t, agent.cookie, 'GET', `/api/customers/${customerId}/360`)).body;
    const timeline = c360.timeline.items;
    const calls = timeline.filter((i) => i.kind === 'call');
    expect(calls.map((i) => i.title)).toEqual(['outbound:ended:90', 'inbound:ended:180', 'inbound:ended:180', 'inbound:missed:0']);
    expect(calls[0]).toMatchObject({ channel: 'phone', actorName: 'Ngô Thị Mai', direction: 'outbound' });
    expect(calls[0].body).toContain('Đã gọi lại.');
    // Call entries are not listed a second time as plain messages.
    expect(timeline.filter((i) => i.kind === 'message')).toHaveLength(0);
  });
});
