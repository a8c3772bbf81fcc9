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

/** Wakes (by `done`) the runs waiting for what these events are, when the wait's condition then holds. */
export async function wakeWaitingRuns(ctx: AppContext, events: StoredEvent[]): Promise<number> {
  let woke = 0;
  for (const e of events) {
    for (const w of waitKindOf(e)) {
      const runs = await ctx.db.query<RunRow>(
        `SELECT * FROM workflow_runs WHERE workspace_id = $1 AND status = 'waiting' AND wait_event = $2
            AND ((customer_id = $3::uuid AND $3::uuid IS NOT NULL) OR (ticket_id = $4::uuid AND $4::uuid IS NOT NULL)) AND started_at < $5`,
        [e.workspace_id, w.kind, w.customerId ?? null, w.ticketId ?? null, e.created_at],
      );
      for (const run of runs) {
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
        if (await ctx.db.tx((tx) => wakeRun(tx, run.id, token, 'done', { queue: true, output: { eventId: e.id, eventType: e.type } }))) woke++;
      }
    }
  }
  return woke;
}
