/** Waits until something happens: the events a `wait.until` listens for wake the runs waiting on that customer or ticket. */
import type { AppContext } from '../../../core/context.js';
import type { StoredEvent } from '../../../core/db/types.js';
import { WAIT_CONFIGS } from '../../../../shared/workflows.js';
import { evaluate, Facts } from '../conditions.js';
import { json, type RunRow } from '../rows.js';
import type { RunSubject } from '../actions/types.js';
import { versionGraph } from './live.js';
import { wakeRun } from './run-job.js';

/** Which wait an event may end, and whose: the customer's or the ticket's. */
function waitKindOf(e: StoredEvent): { kind: string; customerId?: string; ticketId?: string }[] {
  const d = e.data as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  switch (e.type) {
    case 'message.created':
      return d.direction === 'inbound' ? [{ kind: 'customer.replied', customerId: str(d.customerId), ticketId: str(d.ticketId) }] : [];
    case 'survey.answered':
      return [{ kind: 'survey.answered', customerId: str(d.customerId), ticketId: str(d.ticketId) ?? undefined }];
    case 'order.status_changed':
      return str(d.customerId) ? [{ kind: 'order.status_changed', customerId: str(d.customerId) }] : [];
  }
  if (e.subject_type === 'ticket' && e.type.startsWith('ticket.')) {
    const out = [{ kind: 'ticket.updated', ticketId: e.subject_id }];
    if (e.type === 'ticket.status_changed' && d.to === 'resolved') out.push({ kind: 'ticket.resolved', ticketId: e.subject_id });
    return out;
  }
  return [];
}

/**
 * Wakes (by `done`) the runs waiting for what these events are, when the wait's condition then holds. The
 * waiting runs of every (event, wait) pair are found in one statement (most events find none: every
 * customer message passes here), then handled in the events' order as before.
 */
export async function wakeWaitingRuns(ctx: AppContext, events: StoredEvent[]): Promise<number> {
  const pairs = events.flatMap((e) => waitKindOf(e).map((w) => ({ e, w })));
  if (pairs.length === 0) return 0;
  const found = await ctx.db.query<RunRow & { q_i: string }>(
    `SELECT q.i AS q_i, r.* FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::timestamptz[]) WITH ORDINALITY AS q(ws, kind, customer_id, ticket_id, at, i)
       JOIN workflow_runs r ON r.workspace_id = q.ws AND r.status = 'waiting' AND r.wait_event = q.kind
        AND ((r.customer_id = q.customer_id AND q.customer_id IS NOT NULL) OR (r.ticket_id = q.ticket_id AND q.ticket_id IS NOT NULL)) AND r.started_at < q.at
     ORDER BY q.i`,
    [
      pairs.map((p) => p.e.workspace_id),
      pairs.map((p) => p.w.kind),
      pairs.map((p) => p.w.customerId ?? null),
      pairs.map((p) => p.w.ticketId ?? null),
      pairs.map((p) => new Date(p.e.created_at).toISOString()),
    ],
  );
  let woke = 0;
  for (const { q_i, ...run } of found) {
    const { e } = pairs[Number(q_i) - 1];
    // The run's own writes do not end its own wait.
    if (e.cause_run_id === run.id || !run.wait_token || !run.wait_node) continue;
    // Replies are the customer's: ticket waits for customer.replied use the run's customer (any of their tickets).
    const graph = await versionGraph(ctx.db, run.workflow_id, run.version);
    const node = graph?.nodes.find((n) => n.id === run.wait_node);
    if (!node) continue;
    const cfg = WAIT_CONFIGS['wait.until'].safeParse(node.config);
    if (!cfg.success) continue;
    if (cfg.data.when) {
      const subject = json<RunSubject>(run.subject);
      const facts = new Facts(ctx, run.workspace_id, subject, e);
      if (!(await evaluate(cfg.data.when, facts))) continue;
    }
    const token = run.wait_token;
    // A run two events could wake wakes once: the second finds its token spent.
    if (await ctx.db.tx((tx) => wakeRun(tx, run.id, token, 'done', { queue: true, output: { eventId: e.id, eventType: e.type } }))) woke++;
  }
  return woke;
}
