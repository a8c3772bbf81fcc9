/**
 * The run job: takes a run from where it stands (its frontier) one node at a time, each step recorded
 * with the run's new frontier in one transaction, so a restart resumes at the next node. A wait parks
 * the run with a token and a job due when it ends; whichever comes first (that job, or an event a
 * `wait.until` listens for) swaps the token and queues the run on. An action that fails for a reason
 * retrying may fix is retried with backoff (its idempotency key is the same each time).
 */
import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import type { StoredEvent, Tx } from '../../../core/db/types.js';
import { appendJob } from '../../../core/jobs/append.js';
import { defineJob } from '../../../core/jobs/define.js';
import { newId } from '../../../core/lib/ids.js';
import { WORKFLOW_ACTION_REGISTRY } from '../actions/index.js';
import type { RunSubject } from '../actions/types.js';
import { json, type RunRow } from '../rows.js';
import { nextTargets } from './graph.js';
import { versionGraph } from './live.js';
import { runNode, type NodeOutcome } from './nodes.js';
import { RUN_JOB } from './start-runs.js';

/** Attempts of an action whose failure retrying may fix, unless the action says otherwise. */
export const DEFAULT_ACTION_RETRIES = 3;
const RETRY_BASE_SECONDS = 30;
/** A run stops after this many steps (a loop through a wait that never ends). */
const MAX_STEPS = 500;

const RunJobSchema = z.object({
  runId: z.string().uuid(),
  /** A wait's due time: the token it was parked with and the handle to take. */
  wake: z.object({ token: z.string(), handle: z.string() }).optional(),
});

/**
 * Ends a run's wait: only when it still waits with this token (so a wait ends once, by time or by
 * event). The wait's step records the handle taken; the run is queued with the handle's targets first.
 */
export async function wakeRun(tx: Tx, runId: string, token: string, handle: string, opts: { queue: boolean; output?: Record<string, unknown> }): Promise<boolean> {
  const run = await tx.maybeOne<RunRow>(`SELECT * FROM workflow_runs WHERE id = $1 AND status = 'waiting' AND wait_token = $2 FOR UPDATE`, [runId, token]);
  if (!run) return false;
  const graph = await versionGraph(tx, run.workflow_id, run.version);
  const next = graph && run.wait_node ? nextTargets(graph, run.wait_node, handle) : [];
  await tx.query(
    `UPDATE workflow_runs SET status = 'queued', wait_token = NULL, wait_node = NULL, wait_event = NULL, wait_until = NULL, frontier = $2 WHERE id = $1`,
    [runId, JSON.stringify([...next, ...json<string[]>(run.frontier)])],
  );
  await tx.query(
    `UPDATE workflow_run_steps SET status = 'ok', decision = $3, result = $4, finished_at = now() WHERE run_id = $1 AND seq = $2`,
    [runId, run.step_count, handle, opts.output ? JSON.stringify({ output: opts.output }) : null],
  );
  if (opts.queue) appendJob(tx, RUN_JOB, { runId });
  return true;
}

const retriesOf = (type: string) => (WORKFLOW_ACTION_REGISTRY as Record<string, { retries?: number }>)[type]?.retries ?? DEFAULT_ACTION_RETRIES;

/** Runs a run on until it ends, waits, or schedules a retry. Safe to call twice: steps are claimed by step number. */
export async function advanceRun(ctx: AppContext, runId: string): Promise<void> {
  for (;;) {
    const run = await ctx.db.maybeOne<RunRow & { workflow_name: string }>(
      `SELECT r.*, w.name AS workflow_name FROM workflow_runs r JOIN workflows w ON w.id = r.workflow_id WHERE r.id = $1`,
      [runId],
    );
    if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
    const graph = await versionGraph(ctx.db, run.workflow_id, run.version);
    const frontier = json<string[]>(run.frontier);
    if (!graph || frontier.length === 0 || run.step_count >= MAX_STEPS) {
      await ctx.db.query(
        `UPDATE workflow_runs SET status = $2, stop_reason = $3, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running') AND step_count = $4`,
        [runId, graph ? (frontier.length ? 'stopped' : 'completed') : 'failed', graph ? (frontier.length ? 'step_limit' : null) : 'version_gone', run.step_count],
      );
      return;
    }
    const nodeId = frontier[0];
    const node = graph.nodes.find((x) => x.id === nodeId);
    const seq = run.step_count + 1;
    const subject = json<RunSubject>(run.subject);
    const event = run.trigger_event_id ? await loadEvent(ctx, run.trigger_event_id) : null;
    let outcome: NodeOutcome;
    if (!node) outcome = { status: 'skipped', input: {}, decision: null, result: null, error: null, next: [] };
    else {
      if (run.status === 'queued') await ctx.db.query(`UPDATE workflow_runs SET status = 'running' WHERE id = $1 AND status = 'queued'`, [runId]);
      outcome = await runNode(
        {
          ctx,
          workspaceId: run.workspace_id,
          graph,
          actor: { kind: 'automation', id: run.workflow_id, workspaceId: run.workspace_id, name: run.workflow_name, runId, depth: run.depth },
          subject,
          event,
          dryRun: false,
          idempotencyKey: `wf:${runId}:${nodeId}:${seq}`,
        },
        node,
      );
    }

    const prior = await ctx.db.maybeOne<{ attempts: number }>('SELECT attempts FROM workflow_run_steps WHERE run_id = $1 AND seq = $2', [runId, seq]);
    const attempts = (prior?.attempts ?? 0) + 1;
    const retry = outcome.status === 'failed' && outcome.retryable && node && attempts < retriesOf(node.type);
    // A ticket the run created becomes its ticket, so later ticket actions act on it.
    const created = outcome.result?.output?.ticketId;
    if (node?.type === 'create_ticket' && typeof created === 'string' && !subject.ticketId) subject.ticketId = created;

    const proceed = await ctx.db.tx(async (tx) => {
      const cur = await tx.maybeOne<{ status: string; step_count: number }>('SELECT status, step_count FROM workflow_runs WHERE id = $1 FOR UPDATE', [runId]);
      // Cancelled meanwhile (the workflow turned off), or another worker recorded this step: stop here.
      if (!cur || cur.step_count !== run.step_count || (cur.status !== 'running' && cur.status !== 'queued')) return false;
      const status = retry ? 'retrying' : outcome.status;
      await tx.query(
        `INSERT INTO workflow_run_steps (run_id, workspace_id, seq, node_id, kind, type, status, input, decision, result, error, attempts, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $7 IN ('waiting', 'retrying') THEN NULL ELSE now() END)
         ON CONFLICT (run_id, seq) DO UPDATE SET status = EXCLUDED.status, input = EXCLUDED.input, decision = EXCLUDED.decision, result = EXCLUDED.result,
           error = EXCLUDED.error, attempts = EXCLUDED.attempts, finished_at = EXCLUDED.finished_at`,
        [runId, run.workspace_id, seq, nodeId, node?.kind ?? 'action', node?.type ?? 'unknown', status, JSON.stringify(outcome.input), outcome.decision, outcome.result ? JSON.stringify(outcome.result) : null, outcome.error ? JSON.stringify(outcome.error) : null, attempts],
      );
      if (retry) {
        await tx.query(`UPDATE workflow_runs SET status = 'queued' WHERE id = $1`, [runId]);
        appendJob(tx, RUN_JOB, { runId }, { startAfter: new Date(Date.now() + RETRY_BASE_SECONDS * 1000 * 2 ** (attempts - 1)) });
        return false;
      }
      const rest = frontier.slice(1);
      if (outcome.wait) {
        const token = newId();
        await tx.query(
          `UPDATE workflow_runs SET status = 'waiting', step_count = $2, frontier = $3, subject = $4, ticket_id = coalesce(ticket_id, $5), wait_node = $6, wait_token = $7, wait_until = $8, wait_event = $9,
             error_count = error_count WHERE id = $1`,
          [runId, seq, JSON.stringify(rest), JSON.stringify(subject), subject.ticketId ?? null, nodeId, token, outcome.wait.until, outcome.wait.event],
        );
        appendJob(tx, RUN_JOB, { runId, wake: { token, handle: outcome.wait.onTime } }, { startAfter: outcome.wait.until });
        return false;
      }
      await tx.query(
        `UPDATE workflow_runs SET status = 'running', step_count = $2, frontier = $3, subject = $4, ticket_id = coalesce(ticket_id, $5), error_count = error_count + $6 WHERE id = $1`,
        [runId, seq, JSON.stringify([...outcome.next, ...rest]), JSON.stringify(subject), subject.ticketId ?? null, outcome.status === 'failed' ? 1 : 0],
      );
      return true;
    });
    if (!proceed) return;
  }
}

async function loadEvent(ctx: AppContext, id: string): Promise<StoredEvent | null> {
  const e = await ctx.db.maybeOne<StoredEvent>('SELECT * FROM events WHERE id = $1', [id]);
  if (e) e.id = String(e.id);
  return e ?? null;
}

/** The one job of the engine: advance a run (after waking it, when it carries a wait's token). */
export const runJob = defineJob({
  name: RUN_JOB,
  schema: RunJobSchema,
  retryLimit: 5,
  retryDelay: 10,
  retryBackoff: true,
  concurrency: 4,
  expireInSeconds: 600,
  async handle(ctx, data) {
    if (data.wake) {
      const woke = await ctx.db.tx((tx) => wakeRun(tx, data.runId, data.wake!.token, data.wake!.handle, { queue: false }));
      if (!woke) return;
    }
    await advanceRun(ctx, data.runId);
  },
});
