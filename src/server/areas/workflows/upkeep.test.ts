import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/lib/ids.js';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { pruneWorkflowData, seedDefaultWorkflowsFor, WORKFLOW_RETENTION_DAYS } from './index.js';

// The workflows' upkeep: the SLA escalation for workspaces made before it was seeded (once, through the
// sweep), and the retention of effect claims and finished runs' step details.

let t: TestApp;
let w: SeededWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorkspace(t, 'Cửa hàng cũ');
});
afterAll(() => t.close());

const escalations = (workspaceId: string) =>
  t.ctx.db.query<{ id: string; enabled: boolean; published_version: number | null; created_by: string; name: string }>(
    `SELECT id, enabled, published_version, created_by, name FROM workflows WHERE workspace_id = $1 AND template_id = 'sla_escalation'`,
    [workspaceId],
  );

async function sweep() {
  await t.ctx.jobs.send('workflows.sweep', {});
  await t.ctx.jobs.drain();
}

describe('default workflows for older workspaces', () => {
  it('the sweep publishes the SLA escalation once for a listed workspace, as its admin, and forgets the row', async () => {
    expect(await escalations(w.workspaceId)).toEqual([]);
    // What migration 094 writes for every workspace without it.
    await t.ctx.db.query(`INSERT INTO workflow_default_backfill (workspace_id, template_id) VALUES ($1, 'sla_escalation')`, [w.workspaceId]);
    await sweep();
    const made = await escalations(w.workspaceId);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ enabled: true, published_version: 1, created_by: w.admin.id, name: 'SLA sắp trễ → báo trưởng nhóm và nâng mức ưu tiên' });
    expect(await t.ctx.db.query('SELECT 1 FROM workflow_default_backfill WHERE workspace_id = $1', [w.workspaceId])).toEqual([]);

    // Turned off by the workspace, then listed again (or the sweep run again): left alone, nothing doubled.
    await t.ctx.db.query('UPDATE workflows SET enabled = false WHERE id = $1', [made[0].id]);
    await t.ctx.db.query(`INSERT INTO workflow_default_backfill (workspace_id, template_id) VALUES ($1, 'sla_escalation')`, [w.workspaceId]);
    await sweep();
    await sweep();
    expect(await escalations(w.workspaceId)).toEqual([{ ...made[0], enabled: false }]);
    expect(await seedDefaultWorkflowsFor(t.ctx, w.workspaceId)).toEqual([]);
  });

  it('a workspace without an active admin gets nothing (and the row is not kept forever)', async () => {
    const other = await seedWorkspace(t, 'Không quản trị');
    await t.ctx.db.query('UPDATE users SET active = false WHERE id = $1', [other.admin.id]);
    await t.ctx.db.query(`INSERT INTO workflow_default_backfill (workspace_id, template_id) VALUES ($1, 'sla_escalation')`, [other.workspaceId]);
    await sweep();
    expect(await escalations(other.workspaceId)).toEqual([]);
    expect(await t.ctx.db.query('SELECT 1 FROM workflow_default_backfill WHERE workspace_id = $1', [other.workspaceId])).toEqual([]);
  });
});

describe('retention', () => {
  it(`deletes effect claims and clears finished runs' step details after ${WORKFLOW_RETENTION_DAYS} days, keeping the runs`, async () => {
    const ws = w.workspaceId;
    const [wf] = await escalations(ws);
    const old = `now() - interval '${WORKFLOW_RETENTION_DAYS + 1} days'`;
    await t.ctx.db.query(
      `INSERT INTO workflow_action_effects (workspace_id, key, action, result, created_at) VALUES ($1, 'old', 'notify', '{}', ${old}), ($1, 'new', 'notify', '{}', now())`,
      [ws],
    );
    const run = async (status: string, finishedAt: string | null) => {
      const id = newId();
      await t.ctx.db.query(
        `INSERT INTO workflow_runs (id, workspace_id, workflow_id, version, trigger_type, trigger_key, status, started_at, finished_at)
         VALUES ($1, $2, $3, 1, 'sla.at_risk', $4, $5, ${old}, ${finishedAt ?? 'NULL'})`,
        [id, ws, wf.id, `k:${id}`, status],
      );
      for (const seq of [1, 2]) {
        await t.ctx.db.query(
          `INSERT INTO workflow_run_steps (run_id, workspace_id, seq, node_id, kind, type, status, input, result, started_at) VALUES ($1, $2, $3, $4, 'action', 'notify', 'ok', '{"a":1}', '{"b":2}', ${old})`,
          [id, ws, seq, `n${seq}`],
        );
      }
      return id;
    };
    const oldDone = await run('completed', old);
    const recentDone = await run('failed', 'now()');
    const oldWaiting = await run('waiting', null);

    const r = await pruneWorkflowData(t.ctx.db);
    expect(r).toEqual({ effects: 1, steps: 2 });
    const keys = await t.ctx.db.query<{ key: string }>('SELECT key FROM workflow_action_effects WHERE workspace_id = $1 ORDER BY key', [ws]);
    expect(keys.map((k) => k.key)).toEqual(['new']);
    const steps = await t.ctx.db.query<{ run_id: string; input: unknown; result: unknown; status: string }>(
      'SELECT run_id, input, result, status FROM workflow_run_steps WHERE run_id = ANY($1::uuid[]) ORDER BY run_id, seq',
      [[oldDone, recentDone, oldWaiting]],
    );
    expect(steps).toHaveLength(6);
    for (const s of steps) {
      if (s.run_id === oldDone) expect(s).toMatchObject({ input: null, result: null, status: 'ok' });
      else expect(s).toMatchObject({ input: { a: 1 }, result: { b: 2 } });
    }
    expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM workflow_runs WHERE id = ANY($1::uuid[])', [[oldDone, recentDone, oldWaiting]])).n).toBe(3);
    // Idempotent: a second pass finds nothing more.
    expect(await pruneWorkflowData(t.ctx.db)).toEqual({ effects: 0, steps: 0 });
  });
});
