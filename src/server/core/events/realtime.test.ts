import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket } from '../../test/ws-client.js';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { api, insertCustomer, openTicket } from '../../test/fixtures/tickets.js';

/** A connected app socket (records every JSON message) with a subscribe helper. */
async function connect(url: string, cookie?: string) {
  const { ws, received, next } = await connectSocket(url, cookie ? { cookie } : {});
  const subscribe = async (topics: string[]) => {
    ws.send(JSON.stringify({ type: 'subscribe', topics }));
    return next((m) => m.type === 'subscribed' && topics.every((t) => m.topics.includes(t.toLowerCase()) || m.rejected.includes(t)));
  };
  return { ws, received, next, subscribe };
}

describe('GET /api/ws realtime', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let other: SeededWorkspace;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    other = await seedWorkspace(t, 'Khác');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no port');
    base = `ws://127.0.0.1:${addr.port}/api/ws`;
  });
  afterAll(() => t.close());

  it("delivers agent A's reply to agent B subscribed to the ticket, and nothing to another workspace", async () => {
    const a = await seedUser(t, w.workspaceId, 'agent', 'Agent A');
    const b = await seedUser(t, w.workspaceId, 'agent', 'Agent B');
    const stranger = await seedUser(t, other.workspaceId, 'agent', 'Người Lạ');
    const customerId = await insertCustomer(t, w.workspaceId, 'Nguyễn Văn An');
    const ticket = await openTicket(t, a.cookie, { customerId });

    const sb = await connect(base, b.cookie);
    const sc = await connect(base, stranger.cookie);
    const ack = await sb.subscribe([`ticket:${ticket.id}`, 'inbox', 'bogus']);
    expect(ack.rejected).toEqual(['bogus']);
    // The stranger guesses the topic names of another workspace: still nothing may arrive.
    await sc.subscribe([`ticket:${ticket.id}`, 'inbox', `customer:${customerId}`]);

    const r = await api(t, a.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body: 'Dạ em chào anh' });
    expect(r.status).toBe(201);
    const got = await sb.next((m) => m.type === 'event' && m.event.type === 'message.created');
    expect(got.event).toMatchObject({ subjectType: 'message', subjectId: r.body.message.id, data: { ticketId: ticket.id, customerId, direction: 'outbound' } });
    expect(got.topics).toEqual(expect.arrayContaining([`ticket:${ticket.id}`, `customer:${customerId}`]));
    // The reply also moved the ticket to 'responded'.
    await sb.next((m) => m.type === 'event' && m.event.type === 'ticket.status_changed' && m.event.data.to === 'responded');

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sc.received.filter((m) => m.type === 'event')).toEqual([]);

    // After unsubscribing from everything, B hears nothing more.
    sb.ws.send(JSON.stringify({ type: 'unsubscribe', topics: [`ticket:${ticket.id}`, 'inbox'] }));
    await sb.next((m) => m.type === 'unsubscribed' && m.topics.length === 0);
    const before = sb.received.length;
    await api(t, a.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'note', body: 'ghi chú' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sb.received.length).toBe(before);

    sb.ws.send('not json');
    expect((await sb.next((m) => m.type === 'error')).error.id).toBe('realtime.invalid_message');
    sb.ws.close();
    sc.ws.close();
  });

  it('refuses a connection without a session', async () => {
    await expect(connect(base)).rejects.toThrow(/401/);
  });

  it('forgets a closed socket', async () => {
    const u = await seedUser(t, w.workspaceId, 'agent');
    const before = t.ctx.realtime.clientCount();
    const s = await connect(base, u.cookie);
    await s.next((m) => m.type === 'hello');
    expect(t.ctx.realtime.clientCount()).toBe(before + 1);
    s.ws.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.ctx.realtime.clientCount()).toBe(before);
  });
});
