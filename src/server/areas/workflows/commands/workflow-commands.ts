import type { Db, Tx } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { AppError, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/lib/ids.js';
import { EMPTY_GRAPH, triggerOf, WorkflowLimitsSchema, type WorkflowGraph, type WorkflowLimits } from '../../../../shared/workflows.js';
import { graphOf, limitsOf, type WorkflowRow } from '../rows.js';
import { triggerEvents } from '../triggers.js';
import { validateWorkflowGraph } from '../validate.js';

/** A workflow row, locked for the write. 404 workflow.not_found. */
export async function lockWorkflow(tx: Tx, workspaceId: string, id: string): Promise<WorkflowRow> {
  const row = await tx.maybeOne<WorkflowRow>('SELECT * FROM workflows WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, id]);
  if (!row) throw notFound('workflow');
  return row;
}

const userId = (actor: AuthedActor) => (actor.kind === 'user' ? actor.id : null);

/** A new workflow, off, with a draft (empty, given, or a template's). */
export async function createWorkflow(db: Db, actor: AuthedActor, input: { name: string; description?: string; graph?: WorkflowGraph; templateId?: string | null }): Promise<WorkflowRow> {
  return db.tx(async (tx) => {
    const id = newId();
    const row = await tx.one<WorkflowRow>(
      `INSERT INTO workflows (id, workspace_id, name, description, template_id, draft_graph, draft_updated_by, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
      [id, actor.workspaceId, input.name, input.description ?? '', input.templateId ?? null, JSON.stringify(input.graph ?? EMPTY_GRAPH), userId(actor)],
    );
    await appendEvent(tx, { type: 'workflow.created', subjectType: 'workflow', workspaceId: actor.workspaceId, subjectId: id, actor, data: { name: input.name, templateId: input.templateId ?? null } });
    return row;
  });
}

/** Saves the draft (the published version runs on untouched until the next publish). */
export async function saveDraft(
  db: Db,
  actor: AuthedActor,
  id: string,
  input: { graph: WorkflowGraph; name?: string; description?: string; limits?: Partial<WorkflowLimits> },
): Promise<WorkflowRow> {
  return db.tx(async (tx) => {
    const cur = await lockWorkflow(tx, actor.workspaceId, id);
    const limits = WorkflowLimitsSchema.parse({ ...limitsOf(cur.limits), ...input.limits });
    const fields = ['graph', ...(input.name !== undefined && input.name !== cur.name ? ['name'] : []), ...(input.description !== undefined && input.description !== cur.description ? ['description'] : []), ...(input.limits ? ['limits'] : [])];
    const row = await tx.one<WorkflowRow>(
      `UPDATE workflows SET draft_graph = $3, name = $4, description = $5, limits = $6, draft_updated_at = now(), draft_updated_by = $7, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [actor.workspaceId, id, JSON.stringify(input.graph), input.name ?? cur.name, input.description ?? cur.description, JSON.stringify(limits), userId(actor)],
    );
    await appendEvent(tx, { type: 'workflow.draft_saved', subjectType: 'workflow', workspaceId: actor.workspaceId, subjectId: id, actor, data: { name: row.name, fields } });
    return row;
  });
}

/**
 * Replaces the draft with an earlier published version's graph (404 workflow_version.not_found); the
 * published version keeps running until the next publish, so a restore is undone by another restore.
 */
export async function restoreVersionAsDraft(db: Db, actor: AuthedActor, id: string, version: number): Promise<WorkflowRow> {
  return db.tx(async (tx) => {
    const cur = await lockWorkflow(tx, actor.workspaceId, id);
    const v = await tx.maybeOne<{ graph: WorkflowGraph | string }>('SELECT graph FROM workflow_versions WHERE workflow_id = $1 AND version = $2', [cur.id, version]);
    if (!v) throw notFound('workflow_version');
    const row = await tx.one<WorkflowRow>(
      'UPDATE workflows SET draft_graph = $3, draft_updated_at = now(), draft_updated_by = $4, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING *',
      [actor.workspaceId, id, JSON.stringify(graphOf(v.graph)), userId(actor)],
    );
    await appendEvent(tx, { type: 'workflow.draft_saved', subjectType: 'workflow', workspaceId: actor.workspaceId, subjectId: id, actor, data: { name: row.name, fields: ['graph'], restoredFrom: version } });
    return row;
  });
}

/**
 * Publishes the draft as the next version (422 workflow.invalid with the problems when it does not
 * validate). Runs already started keep the version they started with; new events use this one.
 */
export async function publishWorkflow(db: Db, actor: AuthedActor, id: string): Promise<WorkflowRow> {
  return db.tx(async (tx) => {
    const cur = await lockWorkflow(tx, actor.workspaceId, id);
    const graph = graphOf(cur.draft_graph);
    const result = validateWorkflowGraph(graph);
    if (!result.ok) throw new AppError(422, 'workflow.invalid', 'The workflow has problems to fix before it can be published', { problems: result.problems });
    const trigger = triggerOf(graph)!;
    const version = (cur.published_version ?? 0) + 1;
    await tx.query(
      `INSERT INTO workflow_versions (workflow_id, version, workspace_id, graph, trigger_type, published_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, version, actor.workspaceId, JSON.stringify(graph), trigger.type, userId(actor)],
    );
    const row = await tx.one<WorkflowRow>(
      `UPDATE workflows SET published_version = $3, trigger_type = $4, trigger_events = $5, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [actor.workspaceId, id, version, trigger.type, triggerEvents(trigger.type, trigger.config)],
    );
    await appendEvent(tx, { type: 'workflow.published', subjectType: 'workflow', workspaceId: actor.workspaceId, subjectId: id, actor, data: { name: row.name, version, triggerType: trigger.type } });
    return row;
  });
}

/**
 * Turns a workflow on (409 workflow.not_published without a published version) or off. Off cancels its
 * queued, running and waiting runs: their jobs find them cancelled and stop.
 */
export async function setEnabled(db: Db, actor: AuthedActor, id: string, enabled: boolean): Promise<WorkflowRow> {
  return db.tx(async (tx) => {
    const cur = await lockWorkflow(tx, actor.workspaceId, id);
    if (enabled && cur.published_version === null) throw new AppError(409, 'workflow.not_published', 'Publish the workflow before turning it on');
    if (cur.enabled === enabled) return cur;
    const row = await tx.one<WorkflowRow>('UPDATE workflows SET enabled = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING *', [actor.workspaceId, id, enabled]);
    if (enabled) {
      await appendEvent(tx, { type: 'workflow.enabled', subjectType: 'workflow', workspaceId: actor.workspaceId, subjectId: id, actor, data: { name: row.name, version: row.published_version! } });
    } else {
      const cancelled = await cancelLiveRuns(tx, actor.workspaceId, id);
      await appendEvent(tx, { type: 'workflow.disabled', subjectType: 'workflow', workspaceId: actor.workspaceId, subjectId: id, actor, data: { name: row.name, cancelledRuns: cancelled } });
    }
    return row;
  });
}

/** Cancels a workflow's queued, running and waiting runs (stop reason `disabled`); returns how many. */
export async function cancelLiveRuns(tx: Tx, workspaceId: string, workflowId: string): Promise<number> {
  const rows = await tx.query(
    `UPDATE workflow_runs SET status = 'cancelled', stop_reason = 'disabled', wait_token = NULL, finished_at = now()
      WHERE workspace_id = $1 AND workflow_id = $2 AND status IN ('queued', 'running', 'waiting') RETURNING id`,
    [workspaceId, workflowId],
  );
  await tx.query(
    `UPDATE workflow_run_steps s SET status = 'skipped', finished_at = now() FROM workflow_runs r
      WHERE r.id = s.run_id AND r.workspace_id = $1 AND r.workflow_id = $2 AND r.stop_reason = 'disabled' AND s.status IN ('waiting', 'retrying')`,
    [workspaceId, workflowId],
  );
  return rows.length;
}

/** Deletes a workflow with its versions and runs (the events stay: they are history). */
export async function deleteWorkflow(db: Db, actor: AuthedActor, id: string): Promise<void> {
  await db.tx(async (tx) => {
    const cur = await lockWorkflow(tx, actor.workspaceId, id);
    await tx.query('DELETE FROM workflows WHERE workspace_id = $1 AND id = $2', [actor.workspaceId, id]);
    await appendEvent(tx, { type: 'workflow.deleted', subjectType: 'workflow', workspaceId: actor.workspaceId, subjectId: id, actor, data: { name: cur.name } });
  });
}
