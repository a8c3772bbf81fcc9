import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { addBusinessMinutes } from '../../core/lib/business-hours.js';
import { loadCalendar } from './commands/sla.js';
import { api, createTeam, eventsOf, insertCustomer, openTicket } from '../../test/fixtures/tickets.js';
import type { Message, TicketDetail } from '../../../shared/tickets.js';

type TicketStep = TicketDetail['progress'][number];

describe('tickets: open, read, edit, route, merge', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let other: SeededWorkspace;
  let agentA: { id: string; cookie: string };
  let agentB: { id: string; cookie: string };
  let customerId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    other = await seedWorkspace(t, 'Cửa hàng Khác');
    agentA = await seedUser(t, w.workspaceId, 'agent', 'Lê Văn Ân');
    agentB = await seedUser(t, w.workspaceId, 'agent', 'Phạm Thị Bình');
    customerId = await insertCustomer(t, w.workspaceId, 'Nguyễn Văn An', '+84912345678');
  });
  afterAll(() => t.close());

  it('opens a ticket with a number, SLA due times from the normal policy, and a received step by the admin', async () => {
    const ticket = await openTicket(t, w.admin.cookie, { customerId, subject: 'Giao hàng chậm', category: 'shipping', tags: ['vip', ' vip ', 'giao-hang'] });
    expect(ticket.number).toBeGreaterThan(0);
    expect(ticket.status).toBe('received');
    expect(ticket.channel).toBe('manual');
    expect(ticket.priority).toBe('normal');
    expect(ticket.customer).toMatchObject({ id: customerId, name: 'Nguyễn Văn An', phone: '+84912345678' });
    const cal = await loadCalendar(t.ctx.db, w.workspaceId);
    // normal: 4 business hours to first response, 3 business days to resolution (default policies).
    expect(ticket.sla.firstResponse.dueAt).toBe(addBusinessMinutes(new Date(ticket.createdAt), 240, cal).toISOString());
    expect(ticket.sla.resolution.dueAt).toBe(addBusinessMinutes(new Date(ticket.createdAt), 3 * 480, cal).toISOString());
    expect(ticket.sla.firstResponse).toMatchObject({ breached: false, metAt: null });
    expect(ticket.progress[0]).toMatchObject({ step: 'received', reached: true, by: { type: 'user', id: w.admin.id, name: 'Quản Trị' } });
    expect(ticket.progress.slice(1).every((s: TicketStep) => !s.reached)).toBe(true);
    const second = await openTicket(t, w.admin.cookie, { customerId });
    expect(second.number).toBe(ticket.number + 1);
  });

  it('refuses a customer, team or assignee outside the workspace, or an inactive assignee, writing nothing', async () => {
    const foreignCustomer = await insertCustomer(t, other.workspaceId, 'Khách Lạ');
    const foreignTeam = await createTeam(t, other.admin.cookie, 'Kho', []);
    const inactive = await seedUser(t, w.workspaceId, 'agent', 'Đã Nghỉ');
    await t.ctx.db.query('UPDATE users SET active = false WHERE id = $1', [inactive.id]);
    const before = await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
    const cases: [Record<string, unknown>, string][] = [
      [{ customerId: foreignCustomer }, 'ticket.invalid_customer'],
      [{ customerId, teamId: foreignTeam }, 'ticket.invalid_team'],
      [{ customerId, assigneeId: other.admin.id }, 'ticket.invalid_assignee'],
      [{ customerId, assigneeId: inactive.id }, 'ticket.invalid_assignee'],
    ];
    for (const [body, id] of cases) {
      const r = await api(t, w.admin.cookie, 'POST', '/api/tickets', { subject: 'x', ...body });
      expect(r.status, id).toBe(400);
      expect(r.body.error.id).toBe(id);
    }
    const bad = await api(t, w.admin.cookie, 'POST', '/api/tickets', { customerId, subject: '', priority: 'asap' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.id).toBe('validation.failed');
    expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).n).toBe(before.n);
  });

  it('records every change as an event with actor, recomputes SLA on priority change, and refuses moving back between open steps', async () => {
    const tk = await openTicket(t, agentA.cookie, { customerId });
    const r = await api(t, agentA.cookie, 'PATCH', `/api/tickets/${tk.id}`, {
      status: 'verified',
      priority: 'urgent',
      subject: 'Đổi trả hàng',
      tags: ['doi-tra'],
      category: 'returns',
      assigneeId: agentB.id,
    });
    expect(r.status).toBe(200);
    const d = r.body.ticket;
    expect(d).toMatchObject({ status: 'verified', priority: 'urgent', subject: 'Đổi trả hàng', tags: ['doi-tra'], category: 'returns', assignee: { id: agentB.id, name: 'Phạm Thị Bình' } });
    const cal = await loadCalendar(t.ctx.db, w.workspaceId);
    expect(d.sla.firstResponse.dueAt).toBe(addBusinessMinutes(new Date(tk.createdAt), 30, cal).toISOString());
    expect(d.progress[1]).toMatchObject({ step: 'verified', reached: true, by: { id: agentA.id, name: 'Lê Văn Ân' } });
    const types = (await eventsOf(t, tk.id)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['ticket.created', 'ticket.subject_changed', 'ticket.category_changed', 'ticket.tags_changed', 'ticket.priority_changed', 'ticket.assigned', 'ticket.status_changed']),
    );
    const sc = (await eventsOf(t, tk.id)).find((e) => e.type === 'ticket.status_changed')!;
    expect(sc).toMatchObject({ actor_type: 'user', actor_id: agentA.id, data: { from: 'received', to: 'verified', ticketId: tk.id, customerId } });

    const back = await api(t, agentA.cookie, 'PATCH', `/api/tickets/${tk.id}`, { status: 'received' });
    expect(back.status).toBe(400);
    expect(back.body.error.id).toBe('ticket.invalid_transition');
    const unknown = await api(t, agentA.cookie, 'PATCH', `/api/tickets/${tk.id}`, { bogus: 1 });
    expect(unknown.status).toBe(400);
  });

  it('resolves (resolved_at), closes (closed_at) and reopens (reopen_count, steps after the reopen point unreached)', async () => {
    const tk = await openTicket(t, agentA.cookie, { customerId });
    const res = (await api(t, agentA.cookie, 'PATCH', `/api/tickets/${tk.id}`, { status: 'resolved' })).body.ticket;
    expect(res.resolvedAt).not.toBeNull();
    expect(res.sla.resolution.metAt).toBe(res.resolvedAt);
    expect(res.progress.map((s: TicketStep) => s.reached)).toEqual([true, true, true, true, true, false]);
    expect(res.progress[4].by.id).toBe(agentA.id);
    expect(res.progress[2].at).toBeNull(); // skipped steps have no time
    const closed = (await api(t, agentB.cookie, 'PATCH', `/api/tickets/${tk.id}`, { status: 'closed' })).body.ticket;
    expect(closed.closedAt).not.toBeNull();
    expect(closed.progress[5]).toMatchObject({ reached: true, by: { id: agentB.id } });
    const reopened = (await api(t, agentB.cookie, 'PATCH', `/api/tickets/${tk.id}`, { status: 'verified' })).body.ticket;
    expect(reopened).toMatchObject({ status: 'verified', reopenCount: 1, resolvedAt: null, closedAt: null });
    expect(reopened.progress.map((s: TicketStep) => s.reached)).toEqual([true, true, false, false, false, false]);
    expect((await eventsOf(t, tk.id)).some((e) => e.type === 'ticket.reopened')).toBe(true);
  });

  it('routes on team assignment and round-robins to the available, active member assigned longest ago', async () => {
    const c = await seedUser(t, w.workspaceId, 'agent', 'Võ Văn Cường');
    const away = await seedUser(t, w.workspaceId, 'agent', 'Đi Vắng');
    await t.ctx.db.query('UPDATE users SET available = false WHERE id = $1', [away.id]);
    const team = await createTeam(t, w.admin.cookie, 'CSKH', [agentA.id, c.id, away.id]);
    // agentA was assigned recently; c never: c goes first (NULLS FIRST), then agentA, then c again.
    await t.ctx.db.query(`UPDATE team_members SET last_assigned_at = now() - interval '1 hour' WHERE team_id = $1 AND user_id = $2`, [team, agentA.id]);
    const picks: string[] = [];
    for (let i = 0; i < 4; i++) {
      const tk = await openTicket(t, w.admin.cookie, { customerId });
      const r = await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${tk.id}`, { teamId: team });
      expect(r.status).toBe(200);
      expect(r.body.ticket.status).toBe('routed');
      expect(r.body.ticket.team.name).toBe('CSKH');
      picks.push(r.body.ticket.assignee.id);
    }
    expect(picks).toEqual([c.id, agentA.id, c.id, agentA.id]);
    const tk = await openTicket(t, w.admin.cookie, { customerId, teamId: team });
    expect(tk.status).toBe('routed');
    expect(tk.assignee.id).toBe(c.id);
    const events = await eventsOf(t, tk.id);
    expect(events.find((e) => e.type === 'ticket.assigned')?.data).toMatchObject({ mode: 'round_robin', to: c.id });
    // An explicit assignee in the same patch wins over round-robin.
    const tk2 = await openTicket(t, w.admin.cookie, { customerId });
    const r2 = await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${tk2.id}`, { teamId: team, assigneeId: agentB.id });
    expect(r2.body.ticket.assignee.id).toBe(agentB.id);
  });

  it('POST /assign round_robin spreads concurrent assignments evenly over the team', async () => {
    const m1 = await seedUser(t, w.workspaceId, 'agent', 'Một');
    const m2 = await seedUser(t, w.workspaceId, 'agent', 'Hai');
    const m3 = await seedUser(t, w.workspaceId, 'agent', 'Ba');
    const team = await createTeam(t, w.admin.cookie, 'Bảo hành', [m1.id, m2.id, m3.id]);
    const tickets = [];
    for (let i = 0; i < 9; i++) tickets.push(await openTicket(t, w.admin.cookie, { customerId }));
    const results = await Promise.all(tickets.map((tk) => api(t, w.admin.cookie, 'POST', `/api/tickets/${tk.id}/assign`, { mode: 'round_robin', teamId: team })));
    expect(results.map((r) => r.status)).toEqual(Array(9).fill(200));
    const counts = new Map<string, number>();
    for (const r of results) counts.set(r.body.ticket.assignee.id, (counts.get(r.body.ticket.assignee.id) ?? 0) + 1);
    expect([...counts.values()]).toEqual([3, 3, 3]);

    const lonely = await createTeam(t, w.admin.cookie, 'Trống', []);
    const tk = await openTicket(t, w.admin.cookie, { customerId });
    const none = await api(t, w.admin.cookie, 'POST', `/api/tickets/${tk.id}/assign`, { mode: 'round_robin', teamId: lonely });
    expect(none.status).toBe(409);
    expect(none.body.error.id).toBe('ticket.no_available_agent');
    const noTeam = await api(t, w.admin.cookie, 'POST', `/api/tickets/${tk.id}/assign`, { mode: 'round_robin' });
    expect(noTeam.body.error.id).toBe('ticket.no_team');
  });

  it('the first public reply stamps first_response_at and moves to responded; a note does not', async () => {
    const tk = await openTicket(t, agentA.cookie, { customerId });
    const note = await api(t, agentA.cookie, 'POST', `/api/tickets/${tk.id}/messages`, { kind: 'note', body: 'Khách VIP, ưu tiên' });
    expect(note.status).toBe(201);
    let d = (await api(t, agentA.cookie, 'GET', `/api/tickets/${tk.id}`)).body.ticket;
    expect(d).toMatchObject({ status: 'received', firstResponseAt: null, messageCount: 1, lastMessagePreview: '' });
    await api(t, agentA.cookie, 'POST', `/api/tickets/${tk.id}/messages`, { kind: 'reply', body: 'Dạ em chào anh An' });
    d = (await api(t, agentA.cookie, 'GET', `/api/tickets/${tk.id}`)).body.ticket;
    expect(d.status).toBe('responded');
    expect(d.firstResponseAt).not.toBeNull();
    expect(d.sla.firstResponse).toMatchObject({ metAt: d.firstResponseAt, breached: false, atRisk: false });
    expect(d.progress[3]).toMatchObject({ step: 'responded', reached: true, by: { id: agentA.id } });
    expect(d.lastMessagePreview).toBe('Dạ em chào anh An');
    const first = d.firstResponseAt;
    await api(t, agentB.cookie, 'POST', `/api/tickets/${tk.id}/messages`, { kind: 'reply', body: 'Bổ sung' });
    expect((await api(t, agentA.cookie, 'GET', `/api/tickets/${tk.id}`)).body.ticket.firstResponseAt).toBe(first);
  });

  it('merges a ticket into another: messages move, source closed with merged_into_id, events on both', async () => {
    const otherCustomer = await insertCustomer(t, w.workspaceId, 'Trần Thị Bích', '+84987654321');
    const target = await openTicket(t, agentA.cookie, { customerId, firstMessage: { kind: 'inbound', body: 'Áo bị rách' } });
    const source = await openTicket(t, agentA.cookie, { customerId: otherCustomer, firstMessage: { kind: 'inbound', body: 'Vẫn chưa nhận được phản hồi' } });
    await api(t, agentA.cookie, 'POST', `/api/tickets/${source.id}/messages`, { kind: 'note', body: 'trùng phiếu' });
    const r = await api(t, agentA.cookie, 'POST', `/api/tickets/${source.id}/merge`, { intoTicketId: target.id });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mergedTicketId: source.id, movedMessages: 2 });
    expect(r.body.ticket).toMatchObject({ id: target.id, messageCount: 3, lastMessagePreview: 'Vẫn chưa nhận được phản hồi' });
    const thread = (await api(t, agentA.cookie, 'GET', `/api/tickets/${target.id}/messages`)).body.messages;
    expect(thread.map((m: Message) => m.body)).toEqual(['Áo bị rách', 'Vẫn chưa nhận được phản hồi', 'trùng phiếu']);
    const s = (await api(t, agentA.cookie, 'GET', `/api/tickets/${source.id}`)).body.ticket;
    expect(s).toMatchObject({ status: 'closed', mergedIntoId: target.id, messageCount: 0 });
    expect((await eventsOf(t, source.id)).map((e) => e.type)).toEqual(expect.arrayContaining(['ticket.merged', 'ticket.status_changed']));
    expect((await eventsOf(t, target.id)).find((e) => e.type === 'ticket.merged_in')?.data).toMatchObject({ fromTicketId: source.id, movedMessages: 2 });

    const again = await api(t, agentA.cookie, 'PATCH', `/api/tickets/${source.id}`, { status: 'received' });
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe('ticket.merged');
    const reply = await api(t, agentA.cookie, 'POST', `/api/tickets/${source.id}/messages`, { kind: 'reply', body: 'x' });
    expect(reply.status).toBe(409);
    const self = await api(t, agentA.cookie, 'POST', `/api/tickets/${target.id}/merge`, { intoTicketId: target.id });
    expect(self.body.error.id).toBe('ticket.merge_into_self');
    const foreign = await openTicket(t, other.admin.cookie, { customerId: await insertCustomer(t, other.workspaceId, 'Khách Khác') });
    const cross = await api(t, agentA.cookie, 'POST', `/api/tickets/${target.id}/merge`, { intoTicketId: foreign.id });
    expect(cross.status).toBe(400);
    expect(cross.body.error.id).toBe('ticket.merge_target_not_found');
  });

  it('keeps workspaces apart and applies the role matrix', async () => {
    const tk = await openTicket(t, w.admin.cookie, { customerId });
    for (const [method, url] of [
      ['GET', `/api/tickets/${tk.id}`],
      ['GET', `/api/tickets/${tk.id}/messages`],
      ['PATCH', `/api/tickets/${tk.id}`],
    ] as const) {
      const r = await api(t, other.admin.cookie, method, url, method === 'PATCH' ? { status: 'closed' } : undefined);
      expect(r.status, `${method} ${url}`).toBe(404);
    }
    expect((await api(t, w.admin.cookie, 'GET', `/api/tickets/${tk.id}`)).body.ticket.status).toBe('received');
    const token = await seedToken(t, w.admin.cookie);
    const asToken = await api(t, `Bearer ${token}`, 'POST', `/api/tickets/${tk.id}/messages`, { kind: 'reply', body: 'x' });
    expect(asToken.status).toBe(403);
    const read = await api(t, `Bearer ${token}`, 'GET', `/api/tickets/${tk.id}`);
    expect(read.status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/tickets/${tk.id}` })).statusCode).toBe(401);
  });
});
