/** One node of a run: a condition's decision, a switch's case, an action's effect, or a wait's plan. */
import type { AppContext } from '../../../core/context.js';
import type { StoredEvent } from '../../../core/db/types.js';
import type { Actor } from '../../../core/http/actor.js';
import { AppError } from '../../../core/errors.js';
import { loadCalendar } from '../../tickets/index.js';
import { CONDITION_CONFIGS, DURATION_MS, SWITCH_CONFIGS, WAIT_CONFIGS, type RunStep, type WorkflowGraph, type WorkflowNode } from '../../../../shared/workflows.js';
import { runWorkflowAction } from '../actions/index.js';
import type { RunSubject } from '../actions/types.js';
import { evaluate, Facts, type RuleTrace } from '../conditions.js';
import { nextTargets } from './graph.js';
import { localDay, yearlyOn, zonedInstant } from './zoned.js';

export interface NodeRun {
  ctx: AppContext;
  workspaceId: string;
  graph: WorkflowGraph;
  actor: Extract<Actor, { kind: 'automation' }>;
  subject: RunSubject;
  event: StoredEvent | null;
  dryRun: boolean;
  idempotencyKey: string;
  now?: Date;
}

export interface WaitPlan {
  until: Date;
  /** What a `wait.until` listens for (else it only times out). */
  event: string | null;
  /** The handle taken when the time comes: `out`, or `timeout` for a wait until something happens. */
  onTime: string;
}

export interface NodeOutcome {
  status: RunStep['status'];
  input: Record<string, unknown>;
  decision: string | null;
  result: RunStep['result'];
  error: RunStep['error'];
  next: string[];
  wait?: WaitPlan;
  /** An error retrying may fix (not a 4xx of the action's own). */
  retryable?: boolean;
}

const errorOf = (err: unknown): { id: string; message: string } =>
  err instanceof AppError ? { id: err.id, message: err.message } : { id: 'workflow_action.failed', message: err instanceof Error ? err.message : String(err) };

/** Runs (or, dry, plans) one node. Never throws for the node's own failure: it comes back as status 'failed'. */
export async function runNode(n: NodeRun, node: WorkflowNode): Promise<NodeOutcome> {
  const now = n.now ?? new Date();
  const base = { input: {} as Record<string, unknown>, decision: null, result: null, error: null };
  if (node.kind === 'condition' || node.kind === 'switch') {
    const facts = new Facts(n.ctx, n.workspaceId, n.subject, n.event, n.ctx.db, now);
    const trace: RuleTrace[] = [];
    let decision: string;
    if (node.kind === 'condition') {
      const cfg = CONDITION_CONFIGS.if.parse(node.config);
      decision = (await evaluate(cfg.when, facts, trace)) ? 'true' : 'false';
    } else {
      const cfg = SWITCH_CONFIGS.switch.parse(node.config);
      decision = 'default';
      for (const c of cfg.cases) {
        if (await evaluate(c.when, facts, trace)) {
          decision = c.id;
          break;
        }
      }
    }
    return { ...base, status: 'ok', input: { rules: trace }, decision, next: nextTargets(n.graph, node.id, decision) };
  }
  if (node.kind === 'wait') {
    const plan = await planWait(n, node, now);
    const input = { until: plan.until.toISOString(), ...(plan.event ? { event: plan.event } : {}) };
    if (plan.until <= now && !plan.event) return { ...base, status: 'ok', input, decision: plan.onTime, next: nextTargets(n.graph, node.id, plan.onTime) };
    if (n.dryRun) {
      // A test run does not wait: it follows the branch the wait would take when its time comes.
      return { ...base, status: 'would_do', input, decision: plan.onTime, result: { summary: { key: 'workflows:run.wouldWait', values: { until: plan.until.toISOString() } } }, next: nextTargets(n.graph, node.id, plan.onTime) };
    }
    return { ...base, status: 'waiting', input, next: [], wait: plan };
  }
  if (node.kind === 'action') {
    const input = { config: node.config, subject: n.subject };
    try {
      const result = await runWorkflowAction(node.type, { ctx: n.ctx, workspaceId: n.workspaceId, actor: n.actor, subject: n.subject, event: n.event, dryRun: n.dryRun, idempotencyKey: n.idempotencyKey }, node.config);
      return { ...base, status: n.dryRun ? 'would_do' : 'ok', input, result: { summary: result.summary as { key: string; values?: Record<string, string | number> }, ...(result.output ? { output: result.output } : {}) }, next: nextTargets(n.graph, node.id, 'out') };
    } catch (err) {
      const retryable = !(err instanceof AppError && err.status < 500);
      // A failed action fails on its own: the run goes on along its edge, the error stays in the log.
      return { ...base, status: 'failed', input, error: errorOf(err), next: nextTargets(n.graph, node.id, 'out'), retryable };
    }
  }
  return { ...base, status: 'skipped', next: nextTargets(n.graph, node.id, 'out') };
}

async function planWait(n: NodeRun, node: WorkflowNode, now: Date): Promise<WaitPlan> {
  if (node.type === 'wait.duration') {
    const c = WAIT_CONFIGS['wait.duration'].parse(node.config);
    return { until: new Date(now.getTime() + c.amount * DURATION_MS[c.unit]), event: null, onTime: 'out' };
  }
  if (node.type === 'wait.until') {
    const c = WAIT_CONFIGS['wait.until'].parse(node.config);
    return { until: new Date(now.getTime() + c.atMost.amount * DURATION_MS[c.atMost.unit]), event: c.event, onTime: 'timeout' };
  }
  const c = WAIT_CONFIGS['wait.until_date'].parse(node.config);
  const tz = (await loadCalendar(n.ctx.db, n.workspaceId)).timezone;
  let day: string | undefined = c.date && /^\d{4}-\d{2}-\d{2}/.test(c.date) ? c.date.slice(0, 10) : undefined;
  if (!day && c.attribute && n.subject.customerId) {
    const row = await n.ctx.db.maybeOne<{ birthday: string | null; attr: string | null }>(
      `SELECT to_char(birthday, 'YYYY-MM-DD') AS birthday, attributes ->> $3 AS attr FROM customers WHERE workspace_id = $1 AND id = $2`,
      [n.workspaceId, n.subject.customerId, c.attribute],
    );
    const raw = c.attribute === 'birthday' ? row?.birthday : row?.attr;
    if (raw && /^\d{4}-\d{2}-\d{2}/.test(raw)) {
      day = raw.slice(0, 10);
      // A birthday is yearly: its next occurrence from today.
      if (c.attribute === 'birthday') {
        const today = localDay(now, tz);
        const year = Number(today.slice(0, 4));
        day = yearlyOn(day.slice(5), year);
        if (day < today) day = yearlyOn(day.slice(5), year + 1);
      }
    }
  }
  // No date to wait for: the wait ends at once (the log shows when it was planned).
  return { until: day ? zonedInstant(day, c.at, tz) : now, event: null, onTime: 'out' };
}
