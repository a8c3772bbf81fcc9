import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../access/index.js';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
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
];

describe('workflow templates', () => {
  it('are the eight the issue names, each valid for the engine in both languages', () => {
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
