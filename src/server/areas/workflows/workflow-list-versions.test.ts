import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/lib/ids.js';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import type { WorkflowGraph, WorkflowSummary } from '../../../shared/workflows.js';

const graph = (tag: string): WorkflowGraph => ({
  nodes: [
    { id: 't', kind: 'trigger', type: 'message.received', config: {}, position: { x: 0, y: 0 } },
    { id: 'a', kind: 'action', type: 'add_tag', config: { tag, target: 'ticket' }, position: { x: 0, y: 120 } },
  ],
  edges: [{ id: 'e1', source: 't', target: 'a', handle: 'out' }],
});

/** The list's figures (7 days of runs, the newest run's time and status) and earlier versions read and restored by number. */
describe('workflows: list figures, versions by number, restore as draft', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, cookie = ws.admin.cookie) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  async function publishedWith(name: string, ...tags: string[]): Promise<string> {
    const id = (await api('POST', '/api/workflows', { name })).json().workflow.id as string;
    for (const tag of tags) {
      expect((await api('PUT', `/api/workflows/${id}/draft`, { graph: graph(tag) })).statusCode).toBe(200);
      const pub = await api('POST', `/api/workflows/${id}/publish`);
      expect(pub.statusCode, pub.body).toBe(200);
    }
    return id;
  }
  async function run(workflowId: string, status: string, ago: string, errorCount = 0) {
    await t.ctx.db.query(
      `INSERT INTO workflow_runs (id, workspace_id, workflow_id, version, trigger_type, trigger_key, status, error_count, started_at)
       VALUES ($1::uuid, $2, $3, 1, 'message.received', $1::text, $4, $5, now() - $6::interval)`,
      [newId(), ws.workspaceId, workflowId, status, errorCount, ago],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Phiên bản');
  });
  afterAll(async () => t?.close());

  it('counts runs of the last 7 days, the failed, stopped and partly failed among them, and shows the newest run with its status', async () => {
    const busy = await publishedWith('Bận rộn', 'a');
    const quiet = await publishedWith('Im lặng', 'b');
    await run(busy, 'completed', '10 days'); // outside the 7 days
    await run(busy, 'failed', '8 days'); // outside too
    await run(busy, 'completed', '6 days 23 hours');
    await run(busy, 'completed', '3 days', 1); // a step failed: counts as a failure
    await run(busy, 'stopped', '2 days');
    await run(busy, 'failed', '1 day');
    await run(busy, 'cancelled', '5 hours');
    await run(busy, 'failed', '1 hour');
    await run(quiet, 'completed', '9 days');
    // Another workspace's runs never count.
    const other = await seedWorkspace(t, 'Cửa hàng khác');
    const foreign = (await api('POST', '/api/workflows', { name: 'Khác' }, other.admin.cookie)).json().workflow.id as string;
    await t.ctx.db.query(`INSERT INTO workflow_runs (id, workspace_id, workflow_id, version, trigger_type, trigger_key, status) VALUES ($1, $2, $3, 1, 'x', 'k', 'failed')`, [newId(), other.workspaceId, foreign]);

    const res = await api('GET', '/api/workflows');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as WorkflowSummary[];
    expect(items.map((w) => w.name)).toEqual(['Bận rộn', 'Im lặng']);
    const [b, q] = items;
    expect(b).toMatchObject({ runs7d: 6, failed7d: 4, lastRun: { status: 'failed', errorCount: 0 } });
    expect(Date.now() - Date.parse(b.lastRun!.startedAt)).toBeGreaterThan(59 * 60_000);
    expect(b.lastRunAt).toBe(b.lastRun!.startedAt);
    // Its last run is older than 7 days: no runs counted, but the last run is still shown.
    expect(q).toMatchObject({ runs7d: 0, failed7d: 0, lastRun: { status: 'completed' } });
    const fresh = (await api('POST', '/api/workflows', { name: 'Mới' })).json().workflow as WorkflowSummary;
    expect(fresh).toMatchObject({ runs7d: 0, failed7d: 0, lastRun: null, lastRunAt: null });
    // The single workflow reads the same figures.
    expect((await api('GET', `/api/workflows/${busy}`)).json().workflow).toMatchObject({ runs7d: 6, failed7d: 4 });
  });

  it('reads any published version by number with its graph, and restores one as the draft (the published version keeps running)', async () => {
    const id = await publishedWith('Ba phiên bản', 'mot', 'hai', 'ba');
    const agent = await seedUser(t, ws.workspaceId, 'agent');
    const v1 = await api('GET', `/api/workflows/${id}/versions/1`, undefined, agent.cookie);
    expect(v1.statusCode, v1.body).toBe(200);
    expect(v1.json()).toMatchObject({ version: 1, triggerType: 'message.received', publishedBy: { id: ws.admin.id } });
    expect(v1.json().graph.nodes[1].config.tag).toBe('mot');
    expect((await api('GET', `/api/workflows/${id}/versions/2`)).json().graph.nodes[1].config.tag).toBe('hai');

    expect((await api('GET', `/api/workflows/${id}/versions/4`)).json().error.id).toBe('workflow_version.not_found');
    expect((await api('GET', `/api/workflows/${id}/versions/0`)).statusCode).toBe(400);
    expect((await api('GET', `/api/workflows/${newId()}/versions/1`)).json().error.id).toBe('workflow.not_found');
    // Another workspace cannot read it.
    const other = await seedWorkspace(t, 'Cửa hàng lạ');
    expect((await api('GET', `/api/workflows/${id}/versions/1`, undefined, other.admin.cookie)).json().error.id).toBe('workflow.not_found');

    // Agents read, they do not restore.
    expect((await api('POST', `/api/workflows/${id}/versions/1/restore`, undefined, agent.cookie)).statusCode).toBe(403);
    const restored = await api('POST', `/api/workflows/${id}/versions/1/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    const detail = restored.json();
    expect(detail.draft.graph.nodes[1].config.tag).toBe('mot');
    expect(detail.draft.updatedBy.id).toBe(ws.admin.id);
    expect(detail.published).toMatchObject({ version: 3 });
    expect(detail.published.graph.nodes[1].config.tag).toBe('ba');
    expect(detail.workflow.hasDraftChanges).toBe(true);
    const ev = await t.ctx.db.one<{ data: { restoredFrom: number; fields: string[] } }>(
      `SELECT data FROM events WHERE workspace_id = $1 AND subject_id = $2 AND type = 'workflow.draft_saved' ORDER BY id DESC LIMIT 1`,
      [ws.workspaceId, id],
    );
    expect(ev.data).toMatchObject({ restoredFrom: 1, fields: ['graph'] });
    expect((await api('POST', `/api/workflows/${id}/versions/9/restore`)).json().error.id).toBe('workflow_version.not_found');
    // Published again, it is version 4 with version 1's graph.
    const pub = await api('POST', `/api/workflows/${id}/publish`);
    expect(pub.json().published).toMatchObject({ version: 4 });
    expect(pub.json().published.graph.nodes[1].config.tag).toBe('mot');
  });
});
