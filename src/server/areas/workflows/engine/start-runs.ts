/**
 * Starting runs, with the safety rules (DESIGN rule 5): a workflow's own events never retrigger it,
 * runs are idempotent per (version, trigger key) by a unique key, and depth and rate limits stop loops
 * and storms — a stopped run is still written, with its reason, so the run log says so.
 */
import type { AppContext } from '../../../core/context.js';
import type { Sql, StoredEvent, Tx } from '../../../core/db/types.js';
import { appendJob } from '../../../core/jobs/append.js';
import { newId } from '../../../core/lib/ids.js';
import { triggerOf } from '../../../../shared/workflows.js';
import type { RunSubject } from '../actions/types.js';
import { clearAbsentTagMarks, matchTrigger } from '../triggers.js';
import { liveForEvents, type LiveWorkflow } from './live.js';
import { nextTargets } from './graph.js';

/** A chain of runs (a run's events starting another run …) stops past this depth. */
export const MAX_DEPTH = 5;
export const RUN_JOB = 'workflows.run';

export interface Firing {
  workflow: LiveWorkflow;
  /** The idempotency key with the version: `e:<event id>` or the sweep's key. */
  triggerKey: string;
  event: StoredEvent | null;
  subject: RunSubject;
  depth: number;
  /** A once-only mark (a birthday of a year, a tag, a missed call): no run when it was already set. */
  mark?: string;
}

export type StartOutcome = { runId: string; status: 'queued' | 'stopped'; stopReason: string | null } | null;

/** The depth of the run that caused an event (0 when no run did). */
export async function causeDepth(sql: Sql, e: StoredEvent): Promise<number> {
  if (!e.cause_run_id) return 0;
  const r = await sql.maybeOne<{ depth: number }>('SELECT depth FROM workflow_runs WHERE id = $1', [e.cause_run_id]);
  return (r?.depth ?? 0) + 1;
}

/**
 * Writes one run for a firing in the caller's transaction and appends its job: null when the same
 * (version, trigger key) already ran or its mark was set. Checks limits under a per-workflow lock,
 * so concurrent reactions count each other's runs.
 */
export async function startRun(tx: Tx, f: Firing): Promise<StartOutcome> {
  const wf = f.workflow;
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`workflow:${wf.id}`]);
  if (f.mark) {
    const marked = await tx.maybeOne('INSERT INTO workflow_marks (workflow_id, mark, workspace_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING mark', [wf.id, f.mark, wf.workspaceId]);
    if (!marked) return null;
  }
  const exists = await tx.maybeOne('SELECT 1 FROM workflow_runs WHERE workflow_id = $1 AND version = $2 AND trigger_key = $3', [wf.id, wf.version, f.triggerKey]);
  if (exists) return null;

  let stopReason: string | null = null;
  if (f.depth > MAX_DEPTH) stopReason = 'depth_limit';
  if (!stopReason) {
    const r = await tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM workflow_runs WHERE workflow_id = $1 AND started_at > now() - interval '1 hour' AND status <> 'stopped'`, [wf.id]);
    if (r.n >= wf.limits.maxRunsPerHour) stopReason = 'rate_limit_workflow';
  }
  if (!stopReason && f.subject.customerId) {
    const r = await tx.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM workflow_runs WHERE workspace_id = $1 AND customer_id = $2 AND workflow_id = $3 AND started_at > now() - interval '1 hour' AND status <> 'stopped'`,
      [wf.workspaceId, f.subject.customerId, wf.id],
    );
    if (r.n >= wf.limits.maxRunsPerCustomerPerHour) stopReason = 'rate_limit_customer';
  }

  const trigger = triggerOf(wf.graph)!;
  const id = newId();
  const status = stopReason ? 'stopped' : 'queued';
  const inserted = await tx.maybeOne(
    `INSERT INTO workflow_runs (id, workspace_id, workflow_id, version, trigger_type, trigger_key, trigger_event_id, status, stop_reason, depth, subject, customer_id, ticket_id, frontier, step_count, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, CASE WHEN $8 = 'stopped' THEN now() END)
     ON CONFLICT (workflow_id, version, trigger_key) DO NOTHING RETURNING id`,
    [id, wf.workspaceId, wf.id, wf.version, trigger.type, f.triggerKey, f.event?.id ?? null, status, stopReason, f.depth, JSON.stringify(f.subject), f.subject.customerId ?? null, f.subject.ticketId ?? null, JSON.stringify(stopReason ? [] : nextTargets(wf.graph, trigger.id, 'out'))],
  );
  if (!inserted) return null;
  // The trigger is the run's first step: what fired it.
  const input = f.event ? { eventId: f.event.id, type: f.event.type, subject: f.subject } : { key: f.triggerKey, subject: f.subject };
  await tx.query(
    `INSERT INTO workflow_run_steps (run_id, workspace_id, seq, node_id, kind, type, status, input, decision, error, finished_at) VALUES ($1, $2, 1, $3, 'trigger', $4, $5, $6, $7, $8, now())`,
    [id, wf.workspaceId, trigger.id, trigger.type, stopReason ? 'skipped' : 'ok', JSON.stringify(input), stopReason, stopReason ? JSON.stringify({ id: `workflow_run.${stopReason}`, message: stopReason }) : null],
  );
  if (!stopReason) appendJob(tx, RUN_JOB, { runId: id }, { singletonKey: `run:${id}` });
  return { runId: id, status, stopReason };
}

/**
 * The trigger reaction: for each event, the workspace's live workflows listening to its type — never a
 * workflow whose own run wrote it — whose trigger config matches start a run (one transaction per run).
 */
export async function startRunsForEvents(ctx: AppContext, events: StoredEvent[]): Promise<StartOutcome[]> {
  const out: StartOutcome[] = [];
  const byWs = new Map<string, StoredEvent[]>();
  for (const e of events) byWs.set(e.workspace_id, [...(byWs.get(e.workspace_id) ?? []), e]);
  for (const [ws, evs] of byWs) {
    const live = await liveForEvents(ctx.db, ws, [...new Set(evs.map((e) => e.type))]);
    if (live.length === 0) continue;
    for (const e of evs) {
      let depth: number | undefined;
      for (const wf of live) {
        if (!wf.triggerEvents.includes(e.type)) continue;
        if (e.actor_type === 'automation' && e.actor_id === wf.id) continue;
        const trigger = triggerOf(wf.graph)!;
        if (wf.triggerType === 'customer.tag_added') await clearAbsentTagMarks(ctx.db, wf.id, String((trigger.config as { tag?: string }).tag ?? ''), e);
        const m = await matchTrigger(ctx.db, wf.triggerType, trigger.config, e);
        if (!m.fires) continue;
        depth ??= await causeDepth(ctx.db, e);
        const d = depth;
        out.push(await ctx.db.tx((tx) => startRun(tx, { workflow: wf, triggerKey: `e:${e.id}`, event: e, subject: m.subject, depth: d, mark: m.mark })));
      }
    }
  }
  return out;
}
