import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../../core/events/append.js';
import type { StoredEvent } from '../../core/db/types.js';
import { createTestApp, seedToken, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { connectSocket } from '../../test/ws-client.js';
import { api, createTeam } from '../../test/fixtures/tickets.js';
import { createWidget, openAllWeek, visitorClient } from '../../test/fixtures/webchat.js';
import { notifyReaction } from './deliver.js';
import { planSlaAtRisk } from './sla-sweep.js';
import { DEFAULT_NOTIFICATION_PREFS, type NotificationPrefs } from '../../../shared/notifications.js';

interface SentRow {
  user_id: string;
  kind: string;
  ticket_id: string | null;
  data: { actorName: string | null; preview: string; customerName: string | null };
}

/**
 * Who gets notified (notifications/rules.ts) through the real paths: a customer message through the
 * inbound API, assignments and notes through the tickets API, the reaction run by the job queue.
 */
describe('notifications: who is told', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let token: string;
  let a: Awaited<ReturnType<typeof seedUser>>;
  let b: Awaited<ReturnType<typeof seedUser>>;
  let sup: Awaited<ReturnType<typeof seedUser>>;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    token = `Bearer ${await seedToken(t, w.admin.cookie)}`;
    a = await seedUser(t, w.workspaceId, 'agent', 'Nguyễn Thị Lan');
    b = await seedUser(t, w.workspaceId, 'agent', 'Trần Văn Bình');
    sup = await seedUser(t, w.workspaceId, 'supervisor', 'Lê Giám Sát');
  });
  afterAll(() => t.close());

  // drain() also waits for reaction jobs the commit's eager kick holds.
  const settle = () => t.ctx.jobs.drain();

  /** A customer writes (a new one each time unless `from` is given); returns the ticket id. */
  async function customerWrites(body: string, from = `+8490${String(1000000 + n++)}`) {
    const r = await api(t, token, 'POST', '/api/inbound/messages', { channel: 'zalo', externalId: `m-${n++}-${Date.now()}`, from: { kind: 'phone', value: from, name: 'Phạm Khách' }, body });
    expect(r.status).toBe(201);
    await settle();
    return { ticketId: r.body.ticketId as string, from };
  }

  const sentFor = (ticketId: string) =>
    t.ctx.db.query<SentRow>(`SELECT user_id, kind, ticket_id, data FROM notifications WHERE ticket_id = $1 ORDER BY created_at, user_id`, [ticketId]);
  const kindsBy = async (ticketId: string) => {
    const rows = await sentFor(ticketId);
    const out: Record<string, string[]> = {};
    for (const r of rows) (out[r.user_id] ??= []).push(r.kind);
    return out;
  };

  it('a new conversation reaches every active user when the ticket has no team; the customer\'s next message only its assignee', async () => {
    const { ticketId, from } = await customerWrites('Chào shop, máy lạnh không lạnh');
    expect(await kindsBy(ticketId)).toEqual({
      [w.admin.id]: ['new_conversation'],
      [a.id]: ['new_conversation'],
      [b.id]: ['new_conversation'],
      [sup.id]: ['new_conversation'],
    });
    const first = (await sentFor(ticketId))[0];
    expect(first?.data).toMatchObject({ customerName: 'Phạm Khách', preview: 'Chào shop, máy lạnh không lạnh' });

    // The admin gives it to Lan: Lan is told who did it; the admin is not told about their own act.
    expect((await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${ticketId}`, { assigneeId: a.id })).status).toBe(200);
    await settle();
    const assigned = (await sentFor(ticketId)).filter((r) => r.kind === 'assigned');
    expect(assigned.map((r) => [r.user_id, r.data.actorName])).toEqual([[a.id, 'Quản Trị']]);

    await customerWrites('Có ai ở đó không?', from);
    const msgs = (await sentFor(ticketId)).filter((r) => r.kind === 'new_message');
    expect(msgs.map((r) => [r.user_id, r.data.preview])).toEqual([[a.id, 'Có ai ở đó không?']]);
  });

  it('a web chat is announced once, by its start (not also by the creation of its ticket)', async () => {
    await openAllWeek(t, w.workspaceId);
    const widget = await createWidget(t, w.admin.cookie, { preChat: { name: 'required', phone: 'off', email: 'off' } });
    const visitor = visitorClient(t, widget.key);
    await visitor.start({ name: 'Khách Web' });
    expect((await visitor.say('Chào shop')).status).toBe(201);
    expect((await visitor.say('Cho em hỏi')).status).toBe(201);
    await settle();
    const ticketId = (await t.ctx.db.one<{ id: string }>(`SELECT id FROM tickets WHERE workspace_id = $1 AND channel = 'webchat' ORDER BY created_at DESC LIMIT 1`, [w.workspaceId])).id;
    expect((await kindsBy(ticketId))[a.id]).toEqual(['new_conversation']);
  });

  it('a new conversation of a team reaches only its members; an agent replying is not told', async () => {
    const teamId = await createTeam(t, w.admin.cookie, `Kỹ thuật ${n++}`, [b.id]);
    const { ticketId, from } = await customerWrites('Bảo hành thế nào?');
    // Routed to the team after the fact (round-robin gives it to Bình): the next customer message is
    // no new conversation, only "a new message on my ticket" for Bình.
    expect((await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${ticketId}`, { teamId })).status).toBe(200);
    await settle();
    await t.ctx.db.query(`DELETE FROM notification_causes WHERE ticket_id = $1`, [ticketId]);
    const second = await customerWrites('Cho em hỏi thêm', from);
    expect(second.ticketId).toBe(ticketId);
    expect(await kindsBy(ticketId)).toEqual({ [b.id]: ['new_message'] });
    // Bình's own reply tells nobody.
    expect((await api(t, b.cookie, 'POST', `/api/tickets/${ticketId}/messages`, { kind: 'reply', body: 'Dạ em xem ngay ạ' })).status).toBe(201);
    await settle();
    expect(await kindsBy(ticketId)).toEqual({ [b.id]: ['new_message'] });

    // A new conversation straight into a team: the planner reads the ticket's team at run time.
    const other = await customerWrites('Một câu hỏi khác');
    await t.ctx.db.query(`DELETE FROM notification_causes WHERE ticket_id = $1`, [other.ticketId]);
    await t.ctx.db.query(`UPDATE tickets SET team_id = $2 WHERE id = $1`, [other.ticketId, teamId]);
    const events = await t.ctx.db.query<StoredEvent>(`SELECT * FROM events WHERE (subject_id = $1 OR data->>'ticketId' = $1::text) AND type IN ('ticket.created', 'message.created') ORDER BY id`, [other.ticketId]);
    await notifyReaction.run(t.ctx, events.map((e) => ({ ...e, id: String(e.id) })));
    expect(await kindsBy(other.ticketId)).toEqual({ [b.id]: ['new_conversation'] });
  });

  it('an internal note mentioning @name or @email-local-part tells that person, never the author', async () => {
    const { ticketId } = await customerWrites('Cần hỗ trợ gấp');
    await t.ctx.db.query(`DELETE FROM notification_causes WHERE ticket_id = $1`, [ticketId]);
    const bLocal = b.email.split('@')[0];
    const note = await api(t, a.cookie, 'POST', `/api/tickets/${ticketId}/messages`, { kind: 'note', body: `@nguyen thi lan và @${bLocal} xem giúp; @Lê Giám Sátx không phải ai cả` });
    expect(note.status).toBe(201);
    await settle();
    const rows = await sentFor(ticketId);
    // Lan wrote it (no notification for her own mention); Bình is mentioned by email; "Sátx" is nobody.
    expect(rows.map((r) => [r.user_id, r.kind, r.data.actorName])).toEqual([[b.id, 'mention', 'Nguyễn Thị Lan']]);
  });

  it('settings decide: a kind switched off falls back to the next one that applies, or to nothing', async () => {
    const prefs: NotificationPrefs = structuredClone(DEFAULT_NOTIFICATION_PREFS);
    prefs.assigned = { toast: false, sound: false, desktop: false };
    prefs.new_conversation = { toast: true, sound: false, desktop: false };
    const put = await api(t, a.cookie, 'PUT', '/api/notifications/prefs', { prefs });
    expect(put.status).toBe(200);
    expect((await api(t, a.cookie, 'GET', '/api/notifications/prefs')).body.prefs).toEqual(prefs);
    expect((await api(t, token, 'GET', '/api/notifications/prefs')).status).toBe(403);
    expect((await api(t, a.cookie, 'PUT', '/api/notifications/prefs', { prefs: { ...prefs, mention: { toast: 'yes' } } })).status).toBe(400);

    const { ticketId } = await customerWrites('Đơn hàng của tôi đâu?');
    const nc = (await sentFor(ticketId)).find((r) => r.user_id === a.id);
    expect(nc?.kind).toBe('new_conversation');
    expect(nc?.data).toMatchObject({ channels: { toast: true, sound: false, desktop: false } });

    expect((await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${ticketId}`, { assigneeId: a.id })).status).toBe(200);
    await settle();
    expect((await sentFor(ticketId)).filter((r) => r.user_id === a.id).map((r) => r.kind)).toEqual(['new_conversation']);
    await api(t, a.cookie, 'PUT', '/api/notifications/prefs', { prefs: DEFAULT_NOTIFICATION_PREFS });
  });

  it('a repeated reaction sends nothing twice', async () => {
    const { ticketId } = await customerWrites('Xin chào');
    const before = (await sentFor(ticketId)).length;
    expect(before).toBe(4);
    const events = await t.ctx.db.query<StoredEvent>(`SELECT * FROM events WHERE (subject_id = $1 OR data->>'ticketId' = $1::text) ORDER BY id`, [ticketId]);
    await notifyReaction.run(t.ctx, events.map((e) => ({ ...e, id: String(e.id) })));
    await notifyReaction.run(t.ctx, events.map((e) => ({ ...e, id: String(e.id) })));
    expect((await sentFor(ticketId)).length).toBe(before);
  });

  it('pushes the notification to every socket of its user only, and tracks presence by socket', async () => {
    const addr = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${addr.replace('http', 'ws')}/api/ws`;
    const sb = await connectSocket(url, { cookie: b.cookie });
    await sb.next((m) => m.type === 'hello');
    const s1 = await connectSocket(url, { cookie: a.cookie });
    const s2 = await connectSocket(url, { cookie: a.cookie });
    await s1.next((m) => m.type === 'hello');
    await s2.next((m) => m.type === 'hello');
    expect(t.ctx.realtime.onlineUserIds(w.workspaceId)).toEqual(new Set([a.id, b.id]));
    // Bình's socket heard Lan come online.
    await sb.next((m) => m.type === 'presence' && m.userId === a.id && m.online === true);

    const { ticketId } = await customerWrites('Tôi cần đổi hàng');
    expect((await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${ticketId}`, { assigneeId: a.id })).status).toBe(200);
    await settle();
    const got1 = await s1.next((m) => m.type === 'notification' && m.notification.kind === 'assigned');
    await s2.next((m) => m.type === 'notification' && m.notification.kind === 'assigned');
    expect(got1.notification).toMatchObject({ ticketId, customerName: 'Phạm Khách', actorName: 'Quản Trị', channels: { toast: true, sound: true, desktop: true } });
    expect(sb.received.filter((m) => m.type === 'notification' && m.notification.kind === 'assigned')).toEqual([]);

    await s1.close();
    expect(t.ctx.realtime.onlineUserIds(w.workspaceId).has(a.id)).toBe(true);
    await s2.close();
    await sb.next((m) => m.type === 'presence' && m.userId === a.id && m.online === false);
    expect(t.ctx.realtime.onlineUserIds(w.workspaceId)).toEqual(new Set([b.id]));

    // The live view's "online" is the socket presence: Bình only.
    const live = await api(t, w.admin.cookie, 'GET', '/api/metrics/live');
    const online = (live.body.agents as { id: string; online: boolean }[]).filter((x) => x.online).map((x) => x.id);
    expect(online).toEqual([b.id]);
    // So is the users list the assignment pickers read.
    const users = (await api(t, w.admin.cookie, 'GET', '/api/users')).body.users as { id: string; online: boolean }[];
    expect(users.find((u) => u.id === a.id)?.online).toBe(false);
    expect(users.find((u) => u.id === b.id)?.online).toBe(true);
    await sb.close();
  });

  it('an SLA early warning reaches supervisors and admins and the agent it is about', async () => {
    await t.ctx.db.tx((tx) =>
      appendEvent(tx, {
        workspaceId: w.workspaceId,
        type: 'alert.raised',
        subjectType: 'workspace',
        subjectId: w.workspaceId,
        actor: null,
        data: { alertId: crypto.randomUUID(), measure: 'sla_first_response', scopeKind: 'agent', scopeId: b.id, summary: 'Tỉ lệ đạt SLA phản hồi giảm', again: false },
      }),
    );
    await settle();
    const rows = await t.ctx.db.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE workspace_id = $1 AND kind = 'sla_at_risk' ORDER BY user_id`, [w.workspaceId]);
    expect(rows.map((r) => r.user_id).sort()).toEqual([w.admin.id, b.id, sup.id].sort());
  });

  it('a ticket whose first response is due soon is flagged once to its assignee', async () => {
    const { ticketId } = await customerWrites('Gấp lắm');
    await t.ctx.db.query(
      `UPDATE tickets SET assignee_id = $2, created_at = now() - interval '55 minutes', first_response_due_at = now() + interval '5 minutes', resolution_due_at = now() + interval '1 day' WHERE id = $1`,
      [ticketId, a.id],
    );
    const planned = (await planSlaAtRisk(t.ctx.db)).filter((p) => p.ticketId === ticketId);
    expect(planned.map((p) => [p.userId, p.kind, p.sla?.target])).toEqual([[a.id, 'sla_at_risk', 'first_response']]);
    // Answered: the first response no longer counts.
    await t.ctx.db.query(`UPDATE tickets SET first_response_at = now() WHERE id = $1`, [ticketId]);
    expect((await planSlaAtRisk(t.ctx.db)).filter((p) => p.ticketId === ticketId)).toEqual([]);
  });
});
