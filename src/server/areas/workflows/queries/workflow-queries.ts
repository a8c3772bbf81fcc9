import type { Sql } from '../../../core/db/types.js';
import { badRequest, notFound } from '../../../core/errors.js';
import { RunListQuerySchema, triggerOf, type RunDetail, type WorkflowDetail, type WorkflowVersionDetail } from '../../../../shared/workflows.js';
import type { z } from 'zod';
import { graphOf, presentRun, presentStep, presentWorkflow, type RunRow, type StepRow, type VersionRow, type WorkflowRow } from '../rows.js';
import { matchTrigger, triggerEvents } from '../triggers.js';
import type { StoredEvent } from '../../../core/db/types.js';

// The list's figures: runs of the last 7 days (and the failed, stopped or partly failed among them) and the
// newest run, each read through workflow_runs_wf_idx (workflow_id, started_at DESC).
const WITH_COUNTS = `
  SELECT w.*, v.graph AS published_graph, s.runs_7d, s.failed_7d,
    last.id AS last_run_id, last.status AS last_run_status, last.error_count AS last_run_errors, last.started_at AS last_run_at
  FROM workflows w LEFT JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.published_version
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS runs_7d, (count(*) FILTER (WHERE r.status IN ('failed', 'stopped') OR r.error_count > 0))::int AS failed_7d
      FROM workflow_runs r WHERE r.workflow_id = w.id AND r.started_at > now() - interval '7 days'
  ) s ON true
  LEFT JOIN LATERAL (
    SELECT r.id, r.status, r.error_count, r.started_at FROM workflow_runs r WHERE r.workflow_id = w.id ORDER BY r.started_at DESC, r.id DESC LIMIT 1
  ) last ON true`;

export async function listWorkflows(sql: Sql, workspaceId: string) {
  const rows = await sql.query<WorkflowRow>(`${WITH_COUNTS} WHERE w.workspace_id = $1 ORDER BY lower(w.name), w.id`, [workspaceId]);
  return rows.map(presentWorkflow);
}

export async function getWorkflowRow(sql: Sql, workspaceId: string, id: string): Promise<WorkflowRow> {
  const row = await sql.maybeOne<WorkflowRow>(`${WITH_COUNTS} WHERE w.workspace_id = $1 AND w.id = $2`, [workspaceId, id]);
  if (!row) throw notFound('workflow');
  return row;
}

const presentVersion = (v: VersionRow) => ({
  version: v.version,
  publishedAt: new Date(v.published_at).toISOString(),
  publishedBy: v.published_by ? { id: v.published_by, name: v.published_by_name ?? '' } : null,
  triggerType: v.trigger_type,
});

/** The workflow, its draft, its published version and every version with who published it when. */
export async function workflowDetail(sql: Sql, workspaceId: string, id: string): Promise<WorkflowDetail> {
  const row = await getWorkflowRow(sql, workspaceId, id);
  const versions = await sql.query<VersionRow>(
    `SELECT v.workflow_id, v.version, v.trigger_type, v.published_at, v.published_by, u.name AS published_by_name, v.graph
       FROM workflow_versions v LEFT JOIN users u ON u.id = v.published_by WHERE v.workflow_id = $1 ORDER BY v.version DESC`,
    [id],
  );
  const draftBy = row.draft_updated_by ? await sql.maybeOne<{ id: string; name: string }>('SELECT id, name FROM users WHERE id = $1', [row.draft_updated_by]) : undefined;
  const pub = versions.find((v) => v.version === row.published_version);
  return {
    workflow: presentWorkflow(row),
    draft: { graph: graphOf(row.draft_graph), updatedAt: new Date(row.draft_updated_at).toISOString(), updatedBy: draftBy ?? null },
    published: pub ? { ...presentVersion(pub), graph: graphOf(pub.graph) } : null,
    versions: versions.map(presentVersion),
  };
}

/** One published version with its graph, who published it and when (404 workflow_version.not_found). */
export async function workflowVersion(sql: Sql, workspaceId: string, id: string, version: number): Promise<WorkflowVersionDetail> {
  const v = await sql.maybeOne<VersionRow>(
    `SELECT v.workflow_id, v.version, v.trigger_type, v.published_at, v.published_by, u.name AS published_by_name, v.graph
       FROM workflow_versions v LEFT JOIN users u ON u.id = v.published_by WHERE v.workspace_id = $1 AND v.workflow_id = $2 AND v.version = $3`,
    [workspaceId, id, version],
  );
  if (!v) {
    await getWorkflowRow(sql, workspaceId, id); // 404 workflow.not_found first
    throw notFound('workflow_version');
  }
  return { ...presentVersion(v), graph: graphOf(v.graph) };
}

const RUN_SELECT = `SELECT r.*, w.name AS workflow_name, c.name AS customer_name, t.number AS ticket_number
  FROM workflow_runs r JOIN workflows w ON w.id = r.workflow_id
  LEFT JOIN customers c ON c.id = r.customer_id LEFT JOIN tickets t ON t.id = r.ticket_id`;

type RunJoined = RunRow & { workflow_name: string; customer_name: string | null; ticket_number: number | null };

const encodeCursor = (at: Date, id: string) => Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');
function decodeCursor(c: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) return [v[0], v[1]];
  } catch {
    // below
  }
  throw badRequest('workflow_runs.bad_cursor', 'The cursor is not one this list gave');
}

/** The run log, newest first, filtered by workflow, status, customer, ticket; keyset pages. */
export async function listRuns(sql: Sql, workspaceId: string, q: z.infer<typeof RunListQuerySchema>) {
  const params: unknown[] = [workspaceId];
  const where = ['r.workspace_id = $1'];
  const add = (cond: string, v: unknown) => {
    params.push(v);
    where.push(cond.replace('?', `$${params.length}`));
  };
  if (q.workflowId) add('r.workflow_id = ?', q.workflowId);
  if (q.status) add('r.status = ?', q.status);
  if (q.customerId) add('r.customer_id = ?', q.customerId);
  if (q.ticketId) add('r.ticket_id = ?', q.ticketId);
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    params.push(at, id);
    where.push(`(r.started_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(q.limit + 1);
  const rows = await sql.query<RunJoined>(`${RUN_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.started_at DESC, r.id DESC LIMIT $${params.length}`, params);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: page.map(presentRun), nextCursor: rows.length > q.limit && last ? encodeCursor(last.started_at, last.id) : null };
}

/** One run with its steps in order (input, decision, output, errors, attempts, timing) and the path it took. */
export async function runDetail(sql: Sql, workspaceId: string, id: string): Promise<RunDetail> {
  const run = await sql.maybeOne<RunJoined>(`${RUN_SELECT} WHERE r.workspace_id = $1 AND r.id = $2`, [workspaceId, id]);
  if (!run) throw notFound('workflow_run');
  const steps = await sql.query<StepRow>('SELECT * FROM workflow_run_steps WHERE run_id = $1 ORDER BY seq', [id]);
  return { run: presentRun(run), steps: steps.map(presentStep), path: steps.map((s) => s.node_id) };
}

/** Recent real events the workflow's trigger listens to (for a test run), each saying whether the trigger would fire. */
export async function sampleEvents(sql: Sql, workspaceId: string, row: WorkflowRow) {
  const trigger = triggerOf(graphOf(row.draft_graph));
  if (!trigger) return { items: [] };
  const types = triggerEvents(trigger.type, trigger.config);
  if (types.length === 0) return { items: [] };
  const events = await sql.query<StoredEvent>(
    `SELECT * FROM events WHERE workspace_id = $1 AND type = ANY($2::text[]) ORDER BY id DESC LIMIT 20`,
    [workspaceId, types],
  );
  const items = [];
  for (const e of events) {
    e.id = String(e.id);
    const m = await matchTrigger(sql, trigger.type, trigger.config, e);
    const d = e.data as Record<string, unknown>;
    const summary = [d.preview, d.subject, d.code, d.number !== undefined ? `#${String(d.number)}` : undefined, d.to, d.score].filter((x) => x !== undefined && x !== null && x !== '').map(String).join(' · ');
    items.push({ id: e.id, type: e.type, subjectType: e.subject_type, subjectId: e.subject_id, createdAt: new Date(e.created_at).toISOString(), summary: summary.slice(0, 200), matches: m.fires });
  }
  return { items };
}
