/** A test run (dry run): the graph walked for a past or sample event, each node saying what it would do; nothing written or sent. */
import type { AppContext } from '../../../core/context.js';
import type { StoredEvent } from '../../../core/db/types.js';
import { badRequest, notFound } from '../../../core/errors.js';
import { triggerOf, TRIGGER_INFO, type TestRunResult, type TriggerType, type WorkflowGraph } from '../../../../shared/workflows.js';
import type { RunSubject } from '../actions/types.js';
import { matchTrigger, subjectOf } from '../triggers.js';
import { nextTargets } from './graph.js';
import { runNode } from './nodes.js';

const MAX_TEST_STEPS = 100;

/** The event a test run replays: a stored one of the workspace, or a sample shaped like one. */
export async function testEvent(ctx: AppContext, workspaceId: string, req: { eventId: string } | { sample: { type: string; subjectType?: string; subjectId?: string; data: Record<string, unknown> } }): Promise<StoredEvent | null> {
  if ('eventId' in req) {
    const e = await ctx.db.maybeOne<StoredEvent>('SELECT * FROM events WHERE workspace_id = $1 AND id = $2', [workspaceId, req.eventId]);
    if (!e) throw notFound('event');
    e.id = String(e.id);
    return e;
  }
  const s = req.sample;
  if (s.type === 'schedule') return null;
  return {
    id: '0',
    workspace_id: workspaceId,
    type: s.type,
    subject_type: s.subjectType ?? s.type.split('.')[0],
    subject_id: s.subjectId ?? '00000000-0000-0000-0000-000000000000',
    actor_type: 'system',
    actor_id: null,
    data: s.data,
    created_at: new Date(),
  };
}

/** Walks the graph for the event in dry-run: conditions decide on current data, actions say what they would do. */
export async function testRun(ctx: AppContext, workspaceId: string, workflow: { id: string; name: string }, graph: WorkflowGraph, event: StoredEvent | null, subjectOverride?: RunSubject): Promise<TestRunResult> {
  const trigger = triggerOf(graph);
  if (!trigger) throw badRequest('workflow.no_trigger', 'The workflow has no trigger to test');
  let subject: RunSubject = subjectOverride ?? (event ? subjectOf(event) : {});
  let triggerMismatch: string | null = null;
  if (event && Object.hasOwn(TRIGGER_INFO, trigger.type) && TRIGGER_INFO[trigger.type as TriggerType].source === 'event') {
    const m = await matchTrigger(ctx.db, trigger.type, trigger.config, event);
    if (m.fires) subject = { ...m.subject, ...subjectOverride };
    else triggerMismatch = m.reason;
  }
  const path = [trigger.id];
  const steps: TestRunResult['steps'] = [{ nodeId: trigger.id, kind: 'trigger', type: trigger.type, status: triggerMismatch ? 'skipped' : 'ok', input: event ? { eventId: event.id, type: event.type, subject } : { subject }, decision: triggerMismatch, result: null, error: null }];
  const frontier = nextTargets(graph, trigger.id, 'out');
  const visits = new Map<string, number>();
  while (frontier.length && steps.length < MAX_TEST_STEPS) {
    const id = frontier.shift()!;
    const node = graph.nodes.find((n) => n.id === id);
    if (!node) continue;
    // A loop through a wait would go round for ever in a test: each node twice at most.
    const v = (visits.get(id) ?? 0) + 1;
    if (v > 2) continue;
    visits.set(id, v);
    const o = await runNode({ ctx, workspaceId, graph, actor: { kind: 'automation', id: workflow.id, workspaceId, name: workflow.name, runId: '00000000-0000-0000-0000-000000000000', depth: 0 }, subject, event, dryRun: true, idempotencyKey: `test:${workflow.id}:${id}` }, node);
    path.push(id);
    steps.push({ nodeId: id, kind: node.kind, type: node.type, status: o.status, input: o.input, decision: o.decision, result: o.result, error: o.error });
    frontier.unshift(...o.next);
  }
  return { path, steps, triggerMismatch };
}
