import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../core/db/types.js';
import { newId } from '../../core/lib/ids.js';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildTicket } from '../../test/factories.js';
import { insertCustomer, insertOrder } from '../../test/fixtures/order-baskets.js';
import type { WorkflowGraph } from '../../../shared/workflows.js';
import { sweepWorkflows } from './engine/sweep.js';
import { matchTrigger } from './triggers.js';

const ev = (type: string, subjectType: string, data: Record<string, unknown>, subjectId = newId()): StoredEvent => ({
  id: '1', workspace_id: '00000000-0000-0000-0000-000000000000', type, subject_type: subjectType, subject_id: subjectId, actor_type: 'system', actor_id: null, data, created_at: new Date(),
});

describe('workflow triggers', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Lịch');
  });
  afterAll(async () => t?.close());
  const fires = async (type: string, config: Record<string, unknown>, e: StoredEvent) => (await matchTrigger(t.ctx.db, type, config, e)).fires;

  it('each event trigger fires on its event and config, and not otherwise', async () => {
    const tk = { ticketId: newId(), customerId: newId(), number: 7 };
    expect(await fires('ticket.created', { channels: ['zalo'] }, ev('ticket.created', 'ticket', { ...tk, channel: 'zalo', priority: 'normal' }))).toBe(true);
    expect(await fires('ticket.created', { channels: ['zalo'] }, ev('ticket.created', 'ticket', { ...tk, channel: 'email', priority: 'normal' }))).toBe(false);
    expect(await fires('ticket.updated', { field: 'priority', to: 'urgent' }, ev('ticket.priority_changed', 'ticket', { ...tk, from: 'normal', to: 'urgent' }))).toBe(true);
    expect(await fires('ticket.updated', { field: 'priority', to: 'urgent' }, ev('ticket.priority_changed', 'ticket', { ...tk, from: 'normal', to: 'high' }))).toBe(false);
    expect(await fires('ticket.updated', { field: 'status' }, ev('ticket.priority_changed', 'ticket', { ...tk, from: 'normal', to: 'high' }))).toBe(false);
    expect(await fires('ticket.updated', { field: 'tags', to: 'vip' }, ev('ticket.tags_changed', 'ticket', { ...tk, added: ['vip'], removed: [] }))).toBe(true);
    expect(await fires('ticket.resolved', {}, ev('ticket.status_changed', 'ticket', { ...tk, from: 'responded', to: 'resolved' }))).toBe(true);
    expect(await fires('ticket.resolved', {}, ev('ticket.status_changed', 'ticket', { ...tk, from: 'received', to: 'responded' }))).toBe(false);
    expect(await fires('ticket.reopened', {}, ev('ticket.reopened', 'ticket', { ...tk, from: 'resolved', to: 'received', reopenCount: 1 }))).toBe(true);
    expect(await fires('survey.answered', { surveyTypes: ['csat'], maxScore: 2 }, ev('survey.answered', 'ticket', { customerId: tk.customerId, ticketId: tk.ticketId, type: 'csat', score: 1 }))).toBe(true);
    expect(await fires('survey.answered', { surveyTypes: ['csat'], maxScore: 2 }, ev('survey.answered', 'ticket', { customerId: tk.customerId, ticketId: tk.ticketId, type: 'csat', score: 4 }))).toBe(false);
    expect(await fires('survey.answered', { minScore: 9 }, ev('survey.answered', 'ticket', { customerId: tk.customerId, type: 'nps', score: null }))).toBe(false);
    expect(await fires('customer.created', {}, ev('customer.created', 'customer', { name: 'A', identities: [] }))).toBe(true);
    expect(await fires('order.created', { kinds: ['order'], statuses: ['paid'] }, ev('order.created', 'order', { kind: 'order', status: 'paid', customerId: tk.customerId }))).toBe(true);
    expect(await fires('order.created', { kinds: ['quote'] }, ev('order.created', 'order', { kind: 'order', status: 'paid' }))).toBe(false);
    expect(await fires('order.status_changed', { to: ['delivered'] }, ev('order.status_changed', 'order', { from: 'shipping', to: 'delivered', customerId: tk.customerId }))).toBe(true);
    expect(await fires('order.status_changed', { from: ['paid'], to: ['delivered'] }, ev('order.status_changed', 'order', { from: 'shipping', to: 'delivered' }))).toBe(false);
    expect(await fires('call.missed', {}, ev('call.ended', 'call', { ticketId: null, status: 'missed', direction: 'inbound' }))).toBe(true);
    expect(await fires('call.missed', {}, ev('call.ended', 'call', { ticketId: null, status: 'ended', direction: 'inbound' }))).toBe(false);
    expect(await fires('message.received', {}, ev('message.created', 'message', { ...tk, direction: 'outbound', channel: 'zalo', preview: '' }))).toBe(false);
    // A sweep trigger never fires from an event.
    expect(await fires('date.birthday', {}, ev('customer.created', 'customer', {}))).toBe(false);
  });

  it("agent replied: a person's outbound reply (not a note, not the customer, not a workflow), the ticket's first reply only when asked", async () => {
    const db = t.ctx.db;
    const w = ws.workspaceId;
    const tk = await buildTicket(t.ctx, w, { body: 'Máy giặt không vắt được' });
    const post = async (kind: 'reply' | 'note', body: string) => {
      const r = await t.app.inject({ method: 'POST', url: `/api/tickets/${tk.id}/messages`, headers: { cookie: ws.admin.cookie }, payload: { kind, body } });
      expect(r.statusCode, r.body).toBe(201);
    };
    await post('note', 'ghi chú nội bộ');
    await post('reply', 'Dạ em kiểm tra giúp anh ạ');
    await post('reply', 'Anh thử tắt máy 5 phút rồi bật lại nhé');
    const events = await db.query<StoredEvent>(`SELECT * FROM events WHERE workspace_id = $1 AND type = 'message.created' AND data ->> 'ticketId' = $2 ORDER BY id`, [w, tk.id]);
    const [inbound, note, reply1, reply2] = events.map((e) => ({ ...e, id: String(e.id) }));
    expect(events).toHaveLength(4);
    expect(await fires('message.agent_replied', {}, inbound!)).toBe(false);
    expect(await fires('message.agent_replied', {}, note!)).toBe(false);
    expect(await fires('message.agent_replied', {}, reply1!)).toBe(true);
    expect(await fires('message.agent_replied', {}, reply2!)).toBe(true);
    expect(await fires('message.agent_replied', { firstReplyOnly: true }, reply1!)).toBe(true);
    expect(await fires('message.agent_replied', { firstReplyOnly: true }, reply2!)).toBe(false);
    expect(await fires('message.agent_replied', { channels: ['zalo'] }, reply1!)).toBe(reply1!.data.channel === 'zalo');
    // The same reply written by a workflow's action is not a person's reply.
    expect(await fires('message.agent_replied', {}, { ...reply1!, actor_type: 'automation' })).toBe(false);
  });

  it('message received: text contains (accents folded), first message of a customer; tag added once until removed', async () => {
    const db = t.ctx.db;
    const w = ws.workspaceId;
    const first = await buildTicket(t.ctx, w, { body: 'Điều hoà kêu to' });
    const second = await buildTicket(t.ctx, w, { customerId: first.customer_id, body: 'Lại kêu nữa' });
    const msg = async (ticketId: string) => {
      const e = await db.one<StoredEvent>(`SELECT * FROM events WHERE type = 'message.created' AND data ->> 'ticketId' = $1`, [ticketId]);
      e.id = String(e.id);
      return e;
    };
    expect(await fires('message.received', { textContains: ['dieu hoa'] }, await msg(first.id))).toBe(true);
    expect(await fires('message.received', { textContains: ['tủ lạnh'] }, await msg(first.id))).toBe(false);
    expect(await fires('message.received', { firstOfCustomer: true }, await msg(first.id))).toBe(true);
    expect(await fires('message.received', { firstOfCustomer: true }, await msg(second.id))).toBe(false);

    const cid = await insertCustomer(db, { workspaceId: w, name: 'Gắn thẻ', tags: ['vip'] });
    const upd = { ...ev('customer.updated', 'customer', { fields: ['tags'] }, cid), workspace_id: w };
    const m = await matchTrigger(db, 'customer.tag_added', { tag: 'vip' }, upd);
    expect(m).toMatchObject({ fires: true, mark: `tag:${cid}:vip` });
    expect(await fires('customer.tag_added', { tag: 'vip' }, { ...upd, data: { fields: ['name'] } })).toBe(false);
  });

  describe('the sweep (dates, schedules, SLA, segments)', () => {
    const api = (method: 'POST' | 'PUT', url: string, payload?: unknown) => t.app.inject({ method, url, headers: { cookie: ws.admin.cookie }, ...(payload ? { payload: payload as object } : {}) });
    async function live(name: string, trigger: { type: string; config: Record<string, unknown> }): Promise<string> {
      const graph: WorkflowGraph = {
        nodes: [
          { id: 't', kind: 'trigger', type: trigger.type, config: trigger.config, position: { x: 0, y: 0 } },
          { id: 'a', kind: 'action', type: 'notify', config: { to: 'supervisors', message: 'x' }, position: { x: 0, y: 100 } },
        ],
        edges: [{ id: 'e', source: 't', target: 'a', handle: 'out' }],
      };
      const id = (await api('POST', '/api/workflows', { name, graph })).json().workflow.id as string;
      const p = await api('POST', `/api/workflows/${id}/publish`);
      if (p.statusCode !== 200) throw new Error(p.body);
      await api('POST', `/api/workflows/${id}/enable`);
      // Published "a while ago", so schedule slots of the tests' clock count.
      await t.ctx.db.query(`UPDATE workflow_versions SET published_at = '2020-01-01' WHERE workflow_id = $1`, [id]);
      return id;
    }
    const runs = (wf: string) => t.ctx.db.query<{ trigger_key: string; customer_id: string | null }>('SELECT trigger_key, customer_id FROM workflow_runs WHERE workflow_id = $1 ORDER BY trigger_key', [wf]);
    const off = (id: string) => api('POST', `/api/workflows/${id}/disable`);

    it('a birthday fires at the local time in the workspace zone, across the UTC day boundary, once a year', async () => {
      const w = ws.workspaceId;
      const born = await insertCustomer(t.ctx.db, { workspaceId: w, name: 'Sinh nhật', birthday: '1990-12-04' });
      const wf = await live('Sinh nhật', { type: 'date.birthday', config: { at: '00:00' } });
      // 23:30 on 03/12 in Hồ Chí Minh City (UTC+7) is 16:30 UTC: not yet the 4th there.
      await sweepWorkflows(t.ctx, new Date('2026-12-03T16:30:00Z'));
      expect(await runs(wf)).toEqual([]);
      // 00:30 on 04/12 there is still the 3rd in UTC: due.
      await sweepWorkflows(t.ctx, new Date('2026-12-03T17:30:00Z'));
      expect((await runs(wf)).map((r) => r.customer_id)).toEqual([born]);
      // Later sweeps that day, and a republished version, do not fire again this year.
      await sweepWorkflows(t.ctx, new Date('2026-12-04T03:00:00Z'));
      expect(await runs(wf)).toHaveLength(1);
      // In a zone behind UTC the same instant is still the 3rd.
      await t.ctx.db.query(`UPDATE workspaces SET timezone = 'America/Los_Angeles' WHERE id = $1`, [w]);
      const wf2 = await live('Sinh nhật Mỹ', { type: 'date.birthday', config: { at: '00:00' } });
      await sweepWorkflows(t.ctx, new Date('2026-12-04T03:00:00Z'));
      expect(await runs(wf2)).toEqual([]);
      await sweepWorkflows(t.ctx, new Date('2026-12-04T09:00:00Z'));
      expect(await runs(wf2)).toHaveLength(1);
      await t.ctx.db.query(`UPDATE workspaces SET timezone = 'Asia/Ho_Chi_Minh' WHERE id = $1`, [w]);
      await off(wf);
      await off(wf2);
    });

    it('warranty end, N days after delivery, N days without a purchase, a date attribute, a schedule', async () => {
      const db = t.ctx.db;
      const w = ws.workspaceId;
      const now = new Date('2027-03-10T03:00:00Z'); // 10:00 on 10/03 in Hồ Chí Minh City
      const c = await insertCustomer(db, { workspaceId: w, name: 'Mua hàng', attributes: { contract_end: '2027-03-17', anniversary: '2019-03-10' } });
      const o = await insertOrder(db, { workspaceId: w, customerId: c, items: ['TV'], status: 'delivered', orderedAt: new Date('2026-12-01T02:00:00Z') });
      await db.query(`UPDATE orders SET delivered_at = '2027-03-06T18:00:00Z' WHERE id = $1`, [o]); // 01:00 on 07/03 local
      await db.query(`UPDATE order_items SET warranty_months = 12, warranty_ends_on = '2027-03-17' WHERE order_id = $1`, [o]);
      const wWarranty = await live('BH', { type: 'date.warranty_end', config: { daysBefore: 7 } });
      const wDelivered = await live('Giao', { type: 'date.after_delivery', config: { days: 3 } });
      const wSilent = await live('Im', { type: 'date.no_purchase', config: { days: 99 } });
      const wAttr = await live('HĐ', { type: 'date.attribute', config: { attribute: 'contract_end', offsetDays: -7 } });
      const wYearly = await live('Kỷ niệm', { type: 'date.attribute', config: { attribute: 'anniversary', yearly: true } });
      const wCron = await live('Thứ tư', { type: 'schedule', config: { cron: '0 8 * * 3' } }); // Wednesdays 08:00 local; 10/03/2027 is a Wednesday
      await sweepWorkflows(t.ctx, now);
      expect((await runs(wWarranty)).map((r) => r.trigger_key)).toEqual([`warranty:${o}:0:2027-03-17`]);
      expect((await runs(wDelivered)).map((r) => r.customer_id)).toEqual([c]);
      expect((await runs(wSilent)).map((r) => r.customer_id)).toEqual([c]); // last order 01/12/2026 = 99 days before 10/03/2027
      expect((await runs(wAttr)).map((r) => r.customer_id)).toEqual([c]);
      expect((await runs(wYearly)).map((r) => r.customer_id)).toEqual([c]);
      expect((await runs(wCron)).map((r) => r.trigger_key)).toEqual(['schedule:2027-03-10T01:00:00.000Z']);
      await sweepWorkflows(t.ctx, new Date(now.getTime() + 3_600_000));
      for (const wf of [wWarranty, wDelivered, wSilent, wAttr, wYearly, wCron]) expect(await runs(wf)).toHaveLength(1);
      // Before 09:00 local nothing dated fires (the default time of day).
      const early = await live('Sớm', { type: 'date.after_delivery', config: { days: 4 } });
      await sweepWorkflows(t.ctx, new Date('2027-03-11T01:00:00Z'));
      expect(await runs(early)).toEqual([]);
      for (const wf of [wWarranty, wDelivered, wSilent, wAttr, wYearly, wCron, early]) await off(wf);
    });

    it('SLA at risk and breached fire once per ticket and due time', async () => {
      const db = t.ctx.db;
      const tk = await buildTicket(t.ctx, ws.workspaceId);
      const risk = await live('Sắp trễ', { type: 'sla.at_risk', config: { target: 'first_response', minutesBefore: 30 } });
      const late = await live('Trễ', { type: 'sla.breached', config: {} });
      await db.query(`UPDATE tickets SET first_response_due_at = now() + interval '20 minutes', resolution_due_at = now() + interval '1 day' WHERE id = $1`, [tk.id]);
      await sweepWorkflows(t.ctx);
      await sweepWorkflows(t.ctx);
      expect((await runs(risk)).map((r) => r.trigger_key.split(':').slice(0, 3).join(':'))).toEqual([`sla_risk:${tk.id}:first_response`]);
      expect(await runs(late)).toEqual([]);
      await db.query(`UPDATE tickets SET first_response_due_at = now() - interval '5 minutes' WHERE id = $1`, [tk.id]);
      await sweepWorkflows(t.ctx);
      expect((await runs(late)).map((r) => r.trigger_key.split(':').slice(0, 3).join(':'))).toEqual([`sla_breach:${tk.id}:first_response`]);
      await off(risk);
      await off(late);
    });

    it('entering and leaving a segment are found by comparing membership between sweeps', async () => {
      const db = t.ctx.db;
      const w = ws.workspaceId;
      const seg = await api('POST', '/api/segments', { name: 'Khách VIP sweep', rule: { match: 'all', rules: [{ field: 'tag', op: 'has', value: 'vip-sweep' }] } });
      expect(seg.statusCode, seg.body).toBe(201);
      const segmentId = seg.json().segment.id as string;
      const before = await insertCustomer(db, { workspaceId: w, name: 'Đã là VIP', tags: ['vip-sweep'] });
      const inWf = await live('Vào nhóm', { type: 'segment.entered', config: { segmentId } });
      const outWf = await live('Rời nhóm', { type: 'segment.left', config: { segmentId } });
      await sweepWorkflows(t.ctx);
      expect(await runs(inWf)).toEqual([]); // the first sweep learns who is in
      const joined = await insertCustomer(db, { workspaceId: w, name: 'Mới VIP', tags: ['vip-sweep'] });
      await db.query(`UPDATE customers SET tags = '{}' WHERE id = $1`, [before]);
      await sweepWorkflows(t.ctx);
      await sweepWorkflows(t.ctx);
      expect((await runs(inWf)).map((r) => r.customer_id)).toEqual([joined]);
      expect((await runs(outWf)).map((r) => r.customer_id)).toEqual([before]);
      await off(inWf);
      await off(outWf);
    });
  });
});
