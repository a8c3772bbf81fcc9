import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { api, createTeam } from '../../test/fixtures/tickets.js';

/** Unread counts per inbox view: open tickets with a customer message newer than my last read (ticket_reads). */
describe('notifications: unread counts', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let other: SeededWorkspace;
  let token: string;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    other = await seedWorkspace(t, 'Cửa hàng khác');
    token = `Bearer ${await seedToken(t, w.admin.cookie)}`;
  });
  afterAll(() => t.close());

  async function customerWrites(body: string, from = `+8491${String(1000000 + n++)}`) {
    const r = await api(t, token, 'POST', '/api/inbound/messages', { channel: 'zalo', externalId: `u-${n++}-${Date.now()}`, from: { kind: 'phone', value: from, name: 'Khách Hàng' }, body });
    expect(r.status).toBe(201);
    return { ticketId: r.body.ticketId as string, from };
  }
  const counts = async (cookie: string, query = '') => {
    const r = await api(t, cookie, 'GET', `/api/notifications/unread${query}`);
    expect(r.status).toBe(200);
    return r.body;
  };

  it('counts per view, clears on opening, comes back when the customer writes again', async () => {
    const a = await seedUser(t, w.workspaceId, 'agent', 'Lan');
    const b = await seedUser(t, w.workspaceId, 'agent', 'Bình');
    expect(await counts(a.cookie)).toEqual({ mine: 0, unassigned: 0, team: null, all: 0, forMe: 0 });

    const one = await customerWrites('Xin chào');
    const two = await customerWrites('Cho hỏi giá');
    expect(await counts(a.cookie)).toEqual({ mine: 0, unassigned: 2, team: null, all: 2, forMe: 2 });

    // One is given to Lan, one to Bình: Lan's "mine" 1, "all" still 2, "for me" = mine + unassigned.
    await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${one.ticketId}`, { assigneeId: a.id });
    await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${two.ticketId}`, { assigneeId: b.id });
    expect(await counts(a.cookie)).toEqual({ mine: 1, unassigned: 0, team: null, all: 2, forMe: 1 });

    // Lan opens her ticket: read. Her agent reply changes nothing either.
    const read = await api(t, a.cookie, 'POST', `/api/tickets/${one.ticketId}/read`);
    expect(read.status).toBe(200);
    expect(await counts(a.cookie)).toEqual({ mine: 0, unassigned: 0, team: null, all: 1, forMe: 0 });
    await api(t, a.cookie, 'POST', `/api/tickets/${one.ticketId}/messages`, { kind: 'reply', body: 'Dạ em chào anh' });
    expect((await counts(a.cookie)).mine).toBe(0);
    // Reading twice is harmless.
    expect((await api(t, a.cookie, 'POST', `/api/tickets/${one.ticketId}/read`)).status).toBe(200);

    // The customer writes again: unread again for Lan; Bình's counts are his own.
    await new Promise((r) => setTimeout(r, 20));
    await customerWrites('Bao giờ giao hàng?', one.from);
    expect(await counts(a.cookie)).toEqual({ mine: 1, unassigned: 0, team: null, all: 2, forMe: 1 });
    expect(await counts(b.cookie)).toEqual({ mine: 1, unassigned: 0, team: null, all: 2, forMe: 1 });

    // A team view's count when asked for.
    const teamId = await createTeam(t, w.admin.cookie, 'Bán hàng', [b.id]);
    await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${two.ticketId}`, { teamId });
    expect((await counts(a.cookie, `?teamId=${teamId}`)).team).toBe(1);

    // Resolved tickets are not in the inbox views.
    await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${one.ticketId}`, { status: 'resolved' });
    expect((await counts(a.cookie)).mine).toBe(0);
  });

  it("does not count messages from before the user joined, nor another workspace's tickets", async () => {
    await customerWrites('Tin nhắn cũ');
    const late = await seedUser(t, w.workspaceId, 'agent', 'Mới Vào');
    expect((await counts(late.cookie)).all).toBe(0);
    const stranger = await seedUser(t, other.workspaceId, 'agent', 'Người Lạ');
    expect((await counts(stranger.cookie)).all).toBe(0);
  });

  it('refuses bad input with a stable error id', async () => {
    const { ticketId } = await customerWrites('Alo');
    const stranger = await seedUser(t, other.workspaceId, 'agent', 'Người Lạ 2');
    const r = await api(t, stranger.cookie, 'POST', `/api/tickets/${ticketId}/read`);
    expect([r.status, r.body.error.id]).toEqual([404, 'ticket.not_found']);
    const bad = await api(t, w.admin.cookie, 'POST', '/api/tickets/not-a-uuid/read');
    expect(bad.status).toBe(400);
    const tok = await api(t, token, 'GET', '/api/notifications/unread');
    expect([tok.status, tok.body.error.id]).toEqual([403, 'auth.forbidden']);
    const rows = await t.ctx.db.query(`SELECT 1 FROM ticket_reads WHERE ticket_id = $1`, [ticketId]);
    expect(rows).toEqual([]);
  });
});
