import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleContext } from '../../boot.js';
import type { AppContext } from '../../core/context.js';
import { appendEvent } from '../../core/events/append.js';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildCustomer, buildTicket } from '../../test/factories.js';
import type { WorkflowGraph, WorkflowNode } from '../../../shared/workflows.js';
import { startRunsForEvents } from './engine/start-runs.js';
import type { StoredEvent } from '../../core/db/types.js';

/** A graph from a trigger and a chain of nodes (each `out`, or the given handle, to the next). */
function chain(trigger: Pick<WorkflowNode, 'type' | 'config'>, ...rest: (Pick<WorkflowNode, 'kind' | 'type' | 'config'> & { id?: string; from?: string; handle?: string })[]): WorkflowGraph {
  const nodes: WorkflowNode[] = [{ id: 't', kind: 'trigger', type: trigger.type, config: trigger.config, position: { x: 0, y: 0 } }];
  const edges: WorkflowGraph['edges'] = [];
  let prev = 't';
  const firstHandle = (id: string) => {
    const p = nodes.find((x) => x.id === id)!;
    return p.kind === 'condition' ? 'true' : p.type === 'wait.until' ? 'done' : 'out';
  };
  rest.forEach((n, i) => {
    const id = n.id ?? `n${i + 1}`;
    const source = n.from ?? prev;
    nodes.push({ id, kind: n.kind, type: n.type, config: n.config, position: { x: 0, y: 100 * (i + 1) } });
    edges.push({ id: `e${i + 1}`, source, target: id, handle: n.handle ?? firstHandle(source) });
    prev = id;
  });
  return { nodes, edges };
}

const tag = (t: string, target: 'ticket' | 'customer' = 'ticket') => ({ kind: 'action' as const, type: 'add_tag', config: { tag: t, target } });

describe('workflow engine', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let ctx: AppContext;
  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, cookie = ws.admin.cookie) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  async function live(name: string, graph: WorkflowGraph, limits?: Record<string, number>): Promise<string> {
    const created = await api('POST', '/api/workflows', { name });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().workflow.id as string;
    const draft = await api('PUT', `/api/workflows/${id}/draft`, { graph, ...(limits ? { limits } : {}) });
    expect(draft.statusCode, draft.body).toBe(200);
    const pub = await api('POST', `/api/workflows/${id}/publish`);
    expect(pub.statusCode, pub.body).toBe(200);
    expect((await api('POST', `/api/workflows/${id}/enable`)).statusCode).toBe(200);
    return id;
  }
  const runsOf = (workflowId: string) =>
    ctx.db.query<{ id: string; status: string; stop_reason: string | null; depth: number; trigger_key: string }>('SELECT id, status, stop_reason, depth, trigger_key FROM workflow_runs WHERE workflow_id = $1 ORDER BY started_at, id', [workflowId]);
  const ticketTags = async (id: string) => (await ctx.db.one<{ tags: string[] }>('SELECT tags FROM tickets WHERE id = $1', [id])).tags;
  const off = async (id: string) => expect((await api('POST', `/api/workflows/${id}/disable`)).statusCode).toBe(200);

  beforeAll(async () => {
    t = await createTestApp();
    ctx = t.ctx;
    ws = await seedWorkspace(t, 'Điện máy Tự động');
  });
  afterAll(async () => t?.close());

  it('create, draft, validate, publish, enable: the API and its problems; agents read but do not manage', async () => {
    const created = await api('POST', '/api/workflows', { name: 'Thử' });
    expect(created.statusCode).toBe(201);
    const id = created.json().workflow.id as string;
    const bad: WorkflowGraph = {
      nodes: [
        { id: 't', kind: 'trigger', type: 'message.received', config: {}, position: { x: 0, y: 0 } },
        { id: 't2', kind: 'trigger', type: 'ticket.created', config: {}, position: { x: 0, y: 0 } },
        { id: 'a', kind: 'action', type: 'add_tag', config: {}, position: { x: 0, y: 0 } },
        { id: 'lonely', kind: 'action', type: 'add_note', config: { body: 'x' }, position: { x: 0, y: 0 } },
        { id: 'c', kind: 'condition', type: 'if', config: { when: { match: 'all', rules: [{ field: 'ticket.priority', op: 'gt', value: 'high' }] } }, position: { x: 0, y: 0 } },
        { id: 'x', kind: 'action', type: 'set_status', config: { status: 'routed' }, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 't', target: 'a', handle: 'out' },
        { id: 'e2', source: 'a', target: 'c', handle: 'out' },
        { id: 'e3', source: 'c', target: 'x', handle: 'true' },
        { id: 'e4', source: 'x', target: 'c', handle: 'out' },
      ],
    };
    expect((await api('PUT', `/api/workflows/${id}/draft`, { graph: bad })).statusCode).toBe(200);
    const v = await api('POST', `/api/workflows/${id}/validate`);
    expect(v.statusCode, v.body).toBe(200);
    const codes = (v.json().problems as { code: string; nodeId?: string }[]).map((p) => `${p.code}@${p.nodeId ?? ''}`);
    expect(v.json().ok).toBe(false);
    expect(codes).toEqual(expect.arrayContaining(['graph.several_triggers@t2', 'node.invalid_config@a', 'node.unconnected@lonely', 'condition.op_not_allowed@c', 'graph.cycle_without_wait@c']));
    const pub = await api('POST', `/api/workflows/${id}/publish`);
    expect(pub.statusCode).toBe(422);
    expect(pub.json().error.id).toBe('workflow.invalid');
    expect((await api('POST', `/api/workflows/${id}/enable`)).json().error.id).toBe('workflow.not_published');

    await api('PUT', `/api/workflows/${id}/draft`, { graph: chain({ type: 'message.received', config: {} }, tag('a')) });
    expect((await api('POST', `/api/workflows/${id}/validate`)).json()).toEqual({ ok: true, problems: [] });
    expect((await api('POST', `/api/workflows/${id}/publish`)).statusCode).toBe(200);
    await api('PUT', `/api/workflows/${id}/draft`, { graph: chain({ type: 'message.received', config: {} }, tag('b')), name: 'Thử 2' });
    await api('POST', `/api/workflows/${id}/publish`);
    const detail = (await api('GET', `/api/workflows/${id}`)).json();
    expect(detail.versions.map((x: { version: number }) => x.version)).toEqual([2, 1]);
    expect(detail.versions[0].publishedBy).toEqual({ id: ws.admin.id, name: 'Quản Trị' });
    expect(detail.published.graph.nodes[1].config.tag).toBe('b');
    expect(detail.workflow).toMatchObject({ name: 'Thử 2', publishedVersion: 2, hasDraftChanges: false, enabled: false });

    const agent = await seedUser(t, ws.workspaceId, 'agent');
    expect((await api('GET', '/api/workflows', undefined, agent.cookie)).statusCode).toBe(200);
    expect((await api('GET', '/api/workflow-runs', undefined, agent.cookie)).statusCode).toBe(200);
    expect((await api('POST', `/api/workflows/${id}/enable`, undefined, agent.cookie)).statusCode).toBe(403);
    const cat = (await api('GET', '/api/workflow-catalog')).json();
    expect(cat.triggers.map((x: { type: string }) => x.type)).toContain('date.birthday');
    expect(cat.actions.length).toBeGreaterThan(5);
    expect(cat.conditions.fields.find((f: { id: string }) => f.id === 'ticket.priority').ops).toContain('in');
    expect((await api('DELETE', `/api/workflows/${id}`)).statusCode).toBe(204);
  });

  it('message received (text without accents) → tag: runs once as the workflow, whose own events do not retrigger it', async () => {
    const wf = await live('Bảo hành', chain({ type: 'message.received', config: { textContains: ['bao hanh'] } }, tag('bao-hanh'), { kind: 'action', type: 'add_note', config: { body: 'Khách hỏi bảo hành' } }));
    const other = await buildTicket(ctx, ws.workspaceId, { body: 'Cho hỏi giá' });
    const tk = await buildTicket(ctx, ws.workspaceId, { body: 'Máy giặt còn BẢO HÀNH không?' });
    await ctx.jobs.drain();
    expect(await ticketTags(tk.id)).toEqual(['bao-hanh']);
    expect(await ticketTags(other.id)).toEqual([]);
    const runs = await runsOf(wf);
    expect(runs.map((r) => r.status)).toEqual(['completed']);
    const ev = await ctx.db.one<{ actor_type: string; actor_id: string; cause_run_id: string; actor_label: string }>(
      `SELECT actor_type, actor_id, cause_run_id, actor_label FROM events WHERE type = 'ticket.tags_changed' AND subject_id = $1`, [tk.id]);
    expect(ev).toEqual({ actor_type: 'automation', actor_id: wf, cause_run_id: runs[0].id, actor_label: 'Bảo hành' });

    const detail = (await api('GET', `/api/workflow-runs/${runs[0].id}`)).json();
    expect(detail.path).toEqual(['t', 'n1', 'n2']);
    // The ticket's activity and the customer's 360 timeline name the workflow.
    const activity = (await api('GET', `/api/tickets/${tk.id}`)).json().ticket.activity as { type: string; by: { type: string; name: string } }[];
    expect(activity.find((a) => a.type === 'ticket.tags_changed')?.by).toMatchObject({ type: 'automation', name: 'Bảo hành' });
    const timeline = (await api('GET', `/api/customers/${tk.customer_id}/timeline`)).json().items as { direction: string; actorKind: string; actorName: string }[];
    expect(timeline.find((i) => i.direction === 'note')).toMatchObject({ actorKind: 'automation', actorName: 'Bảo hành' });
    expect(detail.steps[1]).toMatchObject({ nodeId: 'n1', status: 'ok', attempts: 1 });
    const list = (await api('GET', `/api/workflow-runs?workflowId=${wf}&ticketId=${tk.id}`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ workflowName: 'Bảo hành', version: 1, status: 'completed', ticket: { id: tk.id } });
    await off(wf);
  });

  it('a redelivered event or a rerun reaction never starts a second run (one per version and event)', async () => {
    const wf = await live('Một lần', chain({ type: 'ticket.created', config: {} }, tag('mot-lan')));
    const tk = await buildTicket(ctx, ws.workspaceId);
    await ctx.jobs.drain();
    const e = await ctx.db.one<StoredEvent>(`SELECT * FROM events WHERE type = 'ticket.created' AND subject_id = $1`, [tk.id]);
    e.id = String(e.id);
    const again = await Promise.all([startRunsForEvents(ctx, [e]), startRunsForEvents(ctx, [e, e])]);
    expect(again.flat().filter(Boolean)).toEqual([]);
    await ctx.jobs.drain();
    expect(await runsOf(wf)).toHaveLength(1);
    await off(wf);
  });

  it('two workflows feeding each other stop at the depth limit, and the log says so', async () => {
    const priorityWf = (p: string) => chain({ type: 'ticket.updated', config: { field: 'priority' } }, { kind: 'action', type: 'set_priority', config: { priority: p } });
    const a = await live('Bóng bàn A', priorityWf('high'), { maxRunsPerCustomerPerHour: 1000 });
    const b = await live('Bóng bàn B', priorityWf('low'), { maxRunsPerCustomerPerHour: 1000 });
    const tk = await buildTicket(ctx, ws.workspaceId);
    await ctx.db.tx(async (tx) => {
      await tx.query(`UPDATE tickets SET priority = 'urgent' WHERE id = $1`, [tk.id]);
      await appendEvent(tx, {
        type: 'ticket.priority_changed', subjectType: 'ticket', workspaceId: ws.workspaceId, subjectId: tk.id, actor: { kind: 'system', workspaceId: ws.workspaceId },
        data: { ticketId: tk.id, customerId: tk.customer_id, number: tk.number, from: 'normal', to: 'urgent', firstResponseDueAt: null, resolutionDueAt: null },
      });
    });
    for (let i = 0; i < 20 && (await ctx.jobs.drain()) > 0; i++);
    const all = [...(await runsOf(a)), ...(await runsOf(b))];
    const stopped = all.filter((r) => r.status === 'stopped');
    expect(stopped.length).toBeGreaterThanOrEqual(1);
    expect(stopped.every((r) => r.stop_reason === 'depth_limit')).toBe(true);
    // The first event starts both (depth 0); each of their changes starts the other one level deeper, up to 5.
    expect(Math.max(...all.map((r) => r.depth))).toBe(6);
    expect([...new Set(all.filter((r) => r.status === 'completed').map((r) => r.depth))].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    await off(a);
    await off(b);
  });

  it('a storm on one customer is stopped by the per-customer limit, many customers by the per-workflow limit', async () => {
    const wf = await live('Bão', chain({ type: 'message.received', config: {} }, { kind: 'action', type: 'add_note', config: { body: 'đã nhận' } }), { maxRunsPerCustomerPerHour: 2, maxRunsPerHour: 4 });
    const c = await buildCustomer(ctx, ws.workspaceId);
    for (let i = 0; i < 4; i++) await buildTicket(ctx, ws.workspaceId, { customerId: c.id });
    await ctx.jobs.drain();
    let runs = await runsOf(wf);
    expect(runs.map((r) => r.stop_reason)).toEqual([null, null, 'rate_limit_customer', 'rate_limit_customer']);
    for (let i = 0; i < 3; i++) await buildTicket(ctx, ws.workspaceId);
    await ctx.jobs.drain();
    runs = await runsOf(wf);
    expect(runs.slice(4).map((r) => r.stop_reason)).toEqual([null, null, 'rate_limit_workflow']);
    const log = (await api('GET', `/api/workflow-runs?workflowId=${wf}&status=stopped`)).json();
    expect(log.items).toHaveLength(3);
    await off(wf);
  });

  it('conditions branch (if/else, switch) over the ticket and the customer', async () => {
    const graph = chain(
      { type: 'ticket.created', config: {} },
      { id: 'if', kind: 'condition', type: 'if', config: { when: { match: 'any', rules: [{ field: 'customer.tags', op: 'contains', value: 'VIP' }, { match: 'all', rules: [{ field: 'ticket.priority', op: 'in', value: ['high', 'urgent'] }, { field: 'ticket.subject', op: 'contains', value: 'hong' }] }] } } },
      { id: 'yes', ...tag('uu-tien') },
      { id: 'sw', from: 'if', handle: 'false', kind: 'switch', type: 'switch', config: { cases: [{ id: 'email', when: { match: 'all', rules: [{ field: 'ticket.channel', op: 'eq', value: 'email' }] } }] } },
      { id: 'mail', handle: 'email', ...tag('thu') },
      { id: 'other', from: 'sw', handle: 'default', ...tag('khac') },
    );
    const wf = await live('Phân loại', graph);
    const vip = await buildCustomer(ctx, ws.workspaceId, { tags: ['vip'] });
    const t1 = await buildTicket(ctx, ws.workspaceId, { customerId: vip.id });
    const t2 = await buildTicket(ctx, ws.workspaceId, { priority: 'urgent', subject: 'Máy HỎNG rồi' });
    const t3 = await buildTicket(ctx, ws.workspaceId, { channel: 'email' });
    const t4 = await buildTicket(ctx, ws.workspaceId, { priority: 'urgent', subject: 'Hỏi giá' });
    await ctx.jobs.drain();
    expect([await ticketTags(t1.id), await ticketTags(t2.id), await ticketTags(t3.id), await ticketTags(t4.id)]).toEqual([['uu-tien'], ['uu-tien'], ['thu'], ['khac']]);
    const run = (await api('GET', `/api/workflow-runs?ticketId=${t4.id}`)).json().items[0];
    const steps = (await api('GET', `/api/workflow-runs/${run.id}`)).json().steps;
    expect(steps.map((s: { nodeId: string; decision: string | null }) => `${s.nodeId}:${s.decision ?? ''}`)).toEqual(['t:', 'if:false', 'sw:default', 'other:']);
    expect(steps[1].input.rules.map((r: { field: string; pass: boolean }) => [r.field, r.pass])).toEqual([['customer.tags', false], ['ticket.priority', true], ['ticket.subject', false]]);
    await off(wf);
  });

  it('a failing action fails on its own: the error is logged and the run goes on', async () => {
    const wf = await live('Lỗi', chain({ type: 'ticket.created', config: {} }, { kind: 'action', type: 'assign', config: { mode: 'user', userId: '00000000-0000-4000-8000-000000000000' } }, tag('van-chay')));
    const tk = await buildTicket(ctx, ws.workspaceId);
    await ctx.jobs.drain();
    const [run] = await runsOf(wf);
    const d = (await api('GET', `/api/workflow-runs/${run.id}`)).json();
    expect(d.run).toMatchObject({ status: 'completed', errorCount: 1 });
    expect(d.steps[1]).toMatchObject({ status: 'failed', error: { id: 'workflow_action.invalid_user' } });
    expect(await ticketTags(tk.id)).toEqual(['van-chay']);
    await off(wf);
  });

  it('test run: a dry run on a past event shows the path and writes nothing', async () => {
    const created = (await api('POST', '/api/workflows', { name: 'Thử nghiệm', graph: chain({ type: 'message.received', config: { textContains: ['gấp'] } }, tag('gap')) })).json();
    const id = created.workflow.id as string;
    const tk = await buildTicket(ctx, ws.workspaceId, { body: 'Cần gấp' });
    await ctx.jobs.drain();
    const samples = (await api('GET', `/api/workflows/${id}/sample-events`)).json().items as { id: string; subjectId: string; matches: boolean }[];
    const mine = samples.find((s) => s.matches)!;
    expect(mine).toBeTruthy();
    const eventsBefore = await ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM events');
    const r = await api('POST', `/api/workflows/${id}/test-run`, { eventId: mine.id });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ path: ['t', 'n1'], triggerMismatch: null, steps: [{ status: 'ok' }, { status: 'would_do', nodeId: 'n1' }] });
    expect(await ticketTags(tk.id)).toEqual([]);
    expect((await ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM events')).n).toBe(eventsBefore.n);
    expect(await ctx.db.query('SELECT 1 FROM workflow_runs WHERE workflow_id = $1', [id])).toHaveLength(0);
    const sample = await api('POST', `/api/workflows/${id}/test-run`, { sample: { type: 'message.created', subjectType: 'message', data: { direction: 'inbound', channel: 'zalo', preview: 'không vội' } } });
    expect(sample.json().triggerMismatch).toBe('text');
  });

  it('wait until the customer answers (at most 2 days): an answer takes `done`, silence times out; turning off cancels waiting runs', async () => {
    const graph = chain(
      { type: 'ticket.created', config: {} },
      { id: 'w', kind: 'wait', type: 'wait.until', config: { event: 'customer.replied', atMost: { amount: 2, unit: 'days' } } },
      { id: 'done', ...tag('da-tra-loi') },
      { id: 'late', from: 'w', handle: 'timeout', ...tag('im-lang') },
    );
    const wf = await live('Chờ trả lời', graph);
    const answered = await buildTicket(ctx, ws.workspaceId);
    const silent = await buildTicket(ctx, ws.workspaceId);
    await ctx.jobs.drain();
    expect((await runsOf(wf)).map((r) => r.status)).toEqual(['waiting', 'waiting']);
    await ctx.db.tx(async (tx) => {
      const { addMessage, lockTicket } = await import('../tickets/index.js');
      const tt = await lockTicket(tx, ws.workspaceId, answered.id);
      await addMessage(tx, tt, { direction: 'inbound', authorUserId: null, channel: tt.channel, body: 'Dạ em trả lời', contentType: 'text', attachments: [], actor: { kind: 'customer', id: answered.customer_id, workspaceId: ws.workspaceId } });
    });
    await ctx.jobs.drain();
    expect(await ticketTags(answered.id)).toEqual(['da-tra-loi']);
    expect(await ticketTags(silent.id)).toEqual([]);
    // Two days later: the timeout job is due.
    await ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = 'workflows.run' AND state = 'created'`);
    await ctx.jobs.drain();
    expect(await ticketTags(silent.id)).toEqual(['im-lang']);
    expect(await ticketTags(answered.id)).toEqual(['da-tra-loi']);

    const third = await buildTicket(ctx, ws.workspaceId);
    await ctx.jobs.drain();
    await off(wf);
    const runs = await runsOf(wf);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'cancelled']);
    await ctx.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = 'workflows.run' AND state = 'created'`);
    await ctx.jobs.drain();
    expect(await ticketTags(third.id)).toEqual([]);
  });

  it('a restart in the middle of a wait resumes the run (a new job queue and context on the same database)', async () => {
    const wf = await live('Chờ qua khởi động lại', chain({ type: 'ticket.created', config: {} }, tag('truoc'), { kind: 'wait', type: 'wait.duration', config: { amount: 3, unit: 'days' } }, tag('sau')));
    const tk = await buildTicket(ctx, ws.workspaceId);
    await ctx.jobs.drain();
    expect(await ticketTags(tk.id)).toEqual(['truoc']);
    expect((await runsOf(wf))[0].status).toBe('waiting');

    await ctx.jobs.stop();
    const fresh = assembleContext(ctx.db, ctx.env, { pollingIntervalSeconds: 0.5, clock: false });
    await fresh.jobs.start(fresh, { work: false });
    try {
      await fresh.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 minute' WHERE name = 'workflows.run' AND state = 'created'`);
      await fresh.jobs.drain();
      expect(await ticketTags(tk.id)).toEqual(['truoc', 'sau']);
      const [run] = await runsOf(wf);
      expect(run.status).toBe('completed');
      const steps = (await api('GET', `/api/workflow-runs/${run.id}`)).json().steps;
      expect(steps.map((s: { status: string }) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    } finally {
      await fresh.jobs.stop();
      await ctx.jobs.start(ctx, { work: false });
    }
    await off(wf);
  });
});
