import { WorkflowGraphSchema, WorkflowLimitsSchema, type RunStep, type RunSummary, type WorkflowGraph, type WorkflowLimits, type WorkflowSummary } from '../../../shared/workflows.js';

/** A workflows row (with the counts the list shows, when the query joined them). */
export interface WorkflowRow {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  template_id: string | null;
  enabled: boolean;
  draft_graph: WorkflowGraph | string;
  draft_updated_at: Date;
  draft_updated_by: string | null;
  published_version: number | null;
  trigger_type: string | null;
  trigger_events: string[];
  limits: Partial<WorkflowLimits> | string;
  created_at: Date;
  updated_at: Date;
  runs_7d?: number | null;
  failed_7d?: number | null;
  last_run_id?: string | null;
  last_run_status?: RunSummary['status'] | null;
  last_run_errors?: number | null;
  last_run_at?: Date | null;
  published_graph?: WorkflowGraph | string | null;
}

export interface VersionRow {
  workflow_id: string;
  version: number;
  graph: WorkflowGraph | string;
  trigger_type: string | null;
  published_at: Date;
  published_by: string | null;
  published_by_name?: string | null;
}

export interface RunRow {
  id: string;
  workspace_id: string;
  workflow_id: string;
  version: number;
  trigger_type: string;
  trigger_key: string;
  trigger_event_id: string | null;
  status: RunSummary['status'];
  stop_reason: string | null;
  depth: number;
  subject: Record<string, string> | string;
  customer_id: string | null;
  ticket_id: string | null;
  frontier: string[] | string;
  wait_node: string | null;
  wait_token: string | null;
  wait_until: Date | null;
  wait_event: string | null;
  step_count: number;
  error_count: number;
  started_at: Date;
  finished_at: Date | null;
}

export interface StepRow {
  seq: number;
  node_id: string;
  kind: RunStep['kind'];
  type: string;
  status: RunStep['status'];
  input: Record<string, unknown> | null;
  decision: string | null;
  result: RunStep['result'];
  error: RunStep['error'];
  attempts: number;
  started_at: Date;
  finished_at: Date | null;
}

/** JSON columns come back parsed from pg and as text from some paths: read them either way. */
export const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export const graphOf = (v: WorkflowGraph | string): WorkflowGraph => WorkflowGraphSchema.parse(json(v));
export const limitsOf = (v: Partial<WorkflowLimits> | string): WorkflowLimits => WorkflowLimitsSchema.parse(json(v) ?? {});

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Whether the draft differs from the published graph (compared as JSON of the same shape). */
function draftChanged(r: WorkflowRow): boolean {
  if (r.published_version === null) return true;
  if (!r.published_graph) return false;
  return JSON.stringify(graphOf(r.draft_graph)) !== JSON.stringify(graphOf(r.published_graph));
}

export function presentWorkflow(r: WorkflowRow): WorkflowSummary {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    publishedVersion: r.published_version,
    hasDraftChanges: draftChanged(r),
    triggerType: r.trigger_type ?? graphOf(r.draft_graph).nodes.find((n) => n.kind === 'trigger')?.type ?? null,
    templateId: r.template_id,
    limits: limitsOf(r.limits),
    runs7d: Number(r.runs_7d ?? 0),
    failed7d: Number(r.failed_7d ?? 0),
    lastRunAt: iso(r.last_run_at),
    lastRun: r.last_run_id && r.last_run_status && r.last_run_at ? { id: r.last_run_id, status: r.last_run_status, errorCount: Number(r.last_run_errors ?? 0), startedAt: iso(r.last_run_at)! } : null,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

export function presentStep(s: StepRow): RunStep {
  return {
    nodeId: s.node_id,
    kind: s.kind,
    type: s.type,
    status: s.status,
    input: s.input ? json(s.input) : null,
    decision: s.decision,
    result: s.result ? json(s.result) : null,
    error: s.error ? json(s.error) : null,
    attempts: s.attempts,
    startedAt: iso(s.started_at),
    finishedAt: iso(s.finished_at),
  };
}

export function presentRun(r: RunRow & { workflow_name: string; customer_name: string | null; ticket_number: number | null }): RunSummary {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    workflowName: r.workflow_name,
    version: r.version,
    status: r.status,
    stopReason: r.stop_reason,
    triggerType: r.trigger_type,
    triggerEventId: r.trigger_event_id === null ? null : String(r.trigger_event_id),
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name ?? '' } : null,
    ticket: r.ticket_id && r.ticket_number !== null ? { id: r.ticket_id, number: r.ticket_number } : null,
    depth: r.depth,
    errorCount: r.error_count,
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
    waitingUntil: r.status === 'waiting' ? iso(r.wait_until) : null,
  };
}
