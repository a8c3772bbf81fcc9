import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../access/index.js';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { buildCustomer, buildTicket } from '../../../test/factories.js';
import { createTeam } from '../../../test/fixtures/tickets.js';
import { sweepWorkflows } from '../engine/sweep.js';
import { TEMPLATE_LANGS } from '../../../../shared/workflow-templates.js';
import { TRIGGER_TYPES, type WorkflowGraph } from '../../../../shared/workflows.js';
import { validateWorkflowGraph } from '../validate.js';
import { DEFAULT_PUBLISHED_TEMPLATES, seedDefaultWorkflows, TEMPLATE_DEFS, workflowTemplate, workflowTemplates } from './index.js';

const NAMED = [
  'csat_low_follow_up',
  'birthday_greeting',
  'after_delivery_csat',
  'sla_escalation',
  'vip_message',
  'warranty_reminder',
  'silent_customer_close',
  'missed_call_callback',
  'after_delivery_usage_guide',
];

describe('workflow templates', () => {
  it('are the ones the issue names (eight, and the usage guide after delivery), each valid for the engine in both languages', () => {
    expect(TEMPLATE_DEFS.map((d) => d.id)).toEqual(NAMED);
    for (const lang of TEMPLATE_LANGS) {
      for (const tpl of workflowTemplates(lang)) {
        const r = validateWorkflowGraph(tpl.graph);
        expect(r.problems, `${tpl.id} (${lang})`).toEqual([]);
        expect(r.ok).toBe(true);
        expect(TRIGGER_TYPES).toContain(tpl.triggerType);
        expect(tpl.name.length).toBeGreaterThan(5);
        for (const id of tpl.needsSetup) expect(tpl.graph.nodes.map((n) => n.id)).toContain(id);
      }
    }
    // Vietnamese with its diacritics, English in English.
    expect(workflowTemplate('sla_escalation', 'vi')?.name).toBe('SLA sắp trễ → báo trưởng nhóm và nâng mức ưu tiên');
    expect(workflowTemplate('sla_escalation', 'en')?.name).toMatch(/^SLA at risk/);
    expect(JSON.stringify(workflowTemplate('birthday_greeting', 'en')?.graph)).not.toMatch(/sinh nhật/i);
  });

  it('a broken template would be caught (the check can fail)', () => {
    const g = structuredClone(workflowTemplate('sla_escalation')!.graph) as WorkflowGraph;
    g.nodes[1].config = { to: 'nobody_at_all', message: '' };
    expect(validateWorkflowGraph(g).ok).toBe(false);
  });
});

describe('GET /api/workflow-templates and the default workspace', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t);
  }, 120_000);
  afterAll(async () => t?.close());

  it('lists the templates in the language asked for, to any signed-in user', async () => {
    const agent = await seedUser(t, ws.workspaceId, 'agent');
    const vi = await t.app.inject({ method: 'GET', url: '/api/workflow-templates', headers: { cookie: agent.cookie } });
    expect(vi.statusCode).toBe(200);
    expect(vi.json().items.map((x: { id: string }) => x.id)).toEqual(NAMED);
    expect(vi.json().items[0].name).toBe('CSAT thấp → tạo phiếu theo dõi cho trưởng nhóm');
    const en = await t.app.inject({ method: 'GET', url: '/api/workflow-templates?lang=en', headers: { cookie: agent.cookie } });
    expect(en.json().items[0].name).toBe('Low CSAT → follow-up task for the team lead');
    expect((await t.app.inject({ method: 'GET', url: '/api/workflow-templates?lang=fr', headers: { cookie: agent.cookie } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/workflow-templates' })).statusCode).toBe(401);
  });

  it('seeds the escalation workflow once, published and on', async () => {
    const calls: string[] = [];
    const publisher = {
      async create(input: { name: string; graph: WorkflowGraph; templateId: string; description: string }) {
        const id = crypto.randomUUID();
        calls.push(`create:${input.templateId}`);
        await t.ctx.db.query(`INSERT INTO workflows (id, workspace_id, name, template_id, draft_graph) VALUES ($1, $2, $3, $4, $5)`, [id, ws.workspaceId, input.name, input.templateId, JSON.stringify(input.graph)]);
        return { id };
      },
      async publish(id: string) {
        calls.push(`publish:${id}`);
      },
      async enable(id: string) {
        calls.push(`enable:${id}`);
      },
    };
    const made = await seedDefaultWorkflows(t.ctx.db, ws.workspaceId, 'vi', publisher);
    expect(made).toHaveLength(DEFAULT_PUBLISHED_TEMPLATES.length);
    expect(calls).toEqual(['create:sla_escalation', `publish:${made[0]}`, `enable:${made[0]}`]);
    expect(await seedDefaultWorkflows(t.ctx.db, ws.workspaceId, 'vi', publisher)).toEqual([]);
    expect(calls).toHaveLength(3);
  });

  it('a template runs through the engine: a VIP customer writes → high priority, VIP team (the team picked first)', async () => {
    const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: { cookie: ws.admin.cookie }, ...(payload ? { payload } : {}) });
    const agent = await seedUser(t, ws.workspaceId, 'agent', 'Nhân Viên VIP');
    const vipTeam = await createTeam(t, ws.admin.cookie, 'Nhóm VIP', [agent.id]);
    const created = await api('POST', '/api/workflows', { name: 'VIP', templateId: 'vip_message' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().workflow.id as string;
    const graph = created.json().draft.graph as WorkflowGraph;
    expect(graph).toEqual(workflowTemplate('vip_message')!.graph);
    graph.nodes.find((n) => n.id === 'to_vip_team')!.config = { mode: 'team', teamId: vipTeam };
    expect((await api('PUT', `/api/workflows/${id}/draft`, { graph })).statusCode).toBe(200);
    expect((await api('POST', `/api/workflows/${id}/publish`)).statusCode).toBe(200);
    expect((await api('POST', `/api/workflows/${id}/enable`)).statusCode).toBe(200);

    const vip = await buildCustomer(t.ctx, ws.workspaceId, { tags: ['vip'] });
    const tk = await buildTicket(t.ctx, ws.workspaceId, { customerId: vip.id, body: 'Cho mình đổi lịch giao hàng' });
    const plain = await buildTicket(t.ctx, ws.workspaceId, { body: 'Cho mình hỏi giá' });
    await t.ctx.jobs.drain();
    const row = (tid: string) => t.ctx.db.one<{ priority: string; team_id: string | null; assignee_id: string | null }>('SELECT priority, team_id, assignee_id FROM tickets WHERE id = $1', [tid]);
    expect(await row(tk.id)).toEqual({ priority: 'high', team_id: vipTeam, assignee_id: agent.id });
    expect(await row(plain.id)).toEqual({ priority: 'normal', team_id: null, assignee_id: null });
    expect((await api('POST', `/api/workflows/${id}/disable`)).statusCode).toBe(200);
  });

  it('the escalation template through the engine: 30 min before the SLA, the team lead is alerted and the priority goes up once', async () => {
    const api = (method: 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { cookie: ws.admin.cookie }, ...(payload ? { payload } : {}) });
    const lead = await seedUser(t, ws.workspaceId, 'supervisor', 'Trưởng Nhóm Giao Hàng');
    const team = await createTeam(t, ws.admin.cookie, 'Nhóm Giao Hàng', [lead.id]);
    const created = await api('POST', '/api/workflows', { name: 'Báo SLA', templateId: 'sla_escalation' });
    const id = created.json().workflow.id as string;
    expect((await api('POST', `/api/workflows/${id}/publish`)).statusCode).toBe(200);
    expect((await api('POST', `/api/workflows/${id}/enable`)).statusCode).toBe(200);
    const tk = await buildTicket(t.ctx, ws.workspaceId, { teamId: team, priority: 'normal' });
    const due = new Date((await t.ctx.db.one<{ d: Date }>('SELECT first_response_due_at AS d FROM tickets WHERE id = $1', [tk.id])).d);
    const at = new Date(due.getTime() - 20 * 60_000);
    await sweepWorkflows(t.ctx, at);
    await sweepWorkflows(t.ctx, new Date(at.getTime() + 5 * 60_000));
    await t.ctx.jobs.drain();
    expect((await t.ctx.db.one<{ priority: string }>('SELECT priority FROM tickets WHERE id = $1', [tk.id])).priority).toBe('high');
    const told = await t.ctx.db.query<{ user_id: string; kind: string; data: { preview: string; sla: { target: string } } }>(
      `SELECT user_id, kind, data FROM notifications WHERE ticket_id = $1 AND dedupe_key LIKE 'workflow:%'`,
      [tk.id],
    );
    expect(told.map((n) => [n.user_id, n.kind, n.data.sla.target])).toEqual([[lead.id, 'sla_at_risk', 'first_response']]);
    expect(told[0].data.preview).toBe(`Phiếu #${tk.number} “${tk.subject}” sắp trễ hạn SLA.`);
    expect((await api('POST', `/api/workflows/${id}/disable`)).statusCode).toBe(200);
  });

  it("the installation's default workspace (first-visit setup) gets the SLA escalation published and on, by its admin; others get none", async () => {
    const other = await seedWorkspace(t, 'Cửa hàng Khác');
    const fresh = await createTestApp();
    try {
      const { workspace, user } = await createWorkspace(fresh.ctx.db, { workspaceName: 'Cửa hàng Đầu Tiên', admin: { name: 'Chủ Cửa Hàng', email: 'chu@dau-tien.vn', password: 'mat-khau-123' }, locale: 'en', onlyIfFirst: true });
      await fresh.ctx.jobs.drain();
      const rows = await fresh.ctx.db.query<{ name: string; template_id: string; enabled: boolean; published_version: number; trigger_type: string; created_by: string }>(
        'SELECT name, template_id, enabled, published_version, trigger_type, created_by FROM workflows WHERE workspace_id = $1',
        [workspace.id],
      );
      expect(rows).toEqual([
        { name: 'SLA at risk → tell the team lead and raise the priority', template_id: 'sla_escalation', enabled: true, published_version: 1, trigger_type: 'sla.at_risk', created_by: user.id },
      ]);
    } finally {
      await fresh.close();
    }
    await t.ctx.jobs.drain();
    expect(await t.ctx.db.query('SELECT 1 FROM workflows WHERE workspace_id = $1', [other.workspaceId])).toEqual([]);
  }, 120_000);
});
