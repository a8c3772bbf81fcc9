import type { Sql } from '../../../core/db/types.js';
import type { WorkflowGraph, WorkflowLimits } from '../../../../shared/workflows.js';
import { graphOf, limitsOf } from '../rows.js';

/** An enabled workflow's published version, as the engine runs it. */
export interface LiveWorkflow {
  id: string;
  workspaceId: string;
  name: string;
  version: number;
  graph: WorkflowGraph;
  limits: WorkflowLimits;
  triggerType: string;
  triggerEvents: string[];
}

const versions = new Map<string, WorkflowGraph>();

/** A published version's graph (versions never change once written, so they are kept in memory). */
export async function versionGraph(sql: Sql, workflowId: string, version: number): Promise<WorkflowGraph | undefined> {
  const key = `${workflowId}:${version}`;
  const hit = versions.get(key);
  if (hit) return hit;
  const row = await sql.maybeOne<{ graph: WorkflowGraph | string }>('SELECT graph FROM workflow_versions WHERE workflow_id = $1 AND version = $2', [workflowId, version]);
  if (!row) return undefined;
  const g = graphOf(row.graph);
  if (versions.size > 5000) versions.clear();
  versions.set(key, g);
  return g;
}

interface LiveRow {
  id: string;
  workspace_id: string;
  name: string;
  published_version: number;
  limits: Partial<WorkflowLimits> | string;
  trigger_type: string;
  trigger_events: string[];
}

async function present(sql: Sql, rows: LiveRow[]): Promise<LiveWorkflow[]> {
  const out: LiveWorkflow[] = [];
  for (const r of rows) {
    const graph = await versionGraph(sql, r.id, r.published_version);
    if (graph) out.push({ id: r.id, workspaceId: r.workspace_id, name: r.name, version: r.published_version, graph, limits: limitsOf(r.limits), triggerType: r.trigger_type, triggerEvents: r.trigger_events });
  }
  return out;
}

/** The workspace's enabled workflows listening to any of these event types. */
export async function liveForEvents(sql: Sql, workspaceId: string, types: string[]): Promise<LiveWorkflow[]> {
  const rows = await sql.query<LiveRow>(
    `SELECT id, workspace_id, name, published_version, limits, trigger_type, trigger_events FROM workflows
      WHERE workspace_id = $1 AND enabled AND published_version IS NOT NULL AND trigger_events && $2::text[]`,
    [workspaceId, types],
  );
  return present(sql, rows);
}

/** Every enabled workflow (any workspace) whose trigger is one of these types (the sweep). */
export async function liveByTrigger(sql: Sql, triggerTypes: string[]): Promise<LiveWorkflow[]> {
  const rows = await sql.query<LiveRow>(
    `SELECT id, workspace_id, name, published_version, limits, trigger_type, trigger_events FROM workflows
      WHERE enabled AND published_version IS NOT NULL AND trigger_type = ANY($1::text[])`,
    [triggerTypes],
  );
  return present(sql, rows);
}
