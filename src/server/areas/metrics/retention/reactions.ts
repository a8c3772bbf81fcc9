import type { AppContext } from '../../../core/context.js';
import type { StoredEvent } from '../../../core/db/types.js';
import type { Reaction } from '../../../core/events/reactions.js';
import { refreshCustomers } from './refresh.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown) => (typeof v === 'string' && UUID.test(v) ? v : null);

/**
 * The customers a batch of events may have changed the retention figures of, per workspace: orders
 * (their customer), the customer's own events (segment, merges), survey answers (latest CSAT) and
 * ticket and message events (channel of acquisition, FRT of their latest ticket — only for customers who
 * have orders, i.e. retention figures already: every customer message names its customer, and most never
 * ordered). A new profile (customer.created) has no orders yet either: an order that brings one refreshes
 * it through its own event.
 */
async function customersOf(ctx: AppContext, events: StoredEvent[]) {
  const byWs = new Map<string, { customers: Set<string>; ifKnown: Set<string>; orders: Set<string>; tickets: Set<string>; answers: Set<string> }>();
  for (const e of events) {
    let s = byWs.get(e.workspace_id);
    if (!s) byWs.set(e.workspace_id, (s = { customers: new Set(), ifKnown: new Set(), orders: new Set(), tickets: new Set(), answers: new Set() }));
    const data = (e.data ?? {}) as Record<string, unknown>;
    // Customers named by a conversation (or just created) count only when they have figures already.
    const conversation = e.subject_type === 'ticket' || e.subject_type === 'message';
    if (e.subject_type === 'customer') (e.type === 'customer.created' ? s.ifKnown : s.customers).add(e.subject_id);
    if (e.subject_type === 'order') s.orders.add(e.subject_id);
    if (e.subject_type === 'ticket') s.tickets.add(e.subject_id);
    for (const k of ['customerId', 'targetId', 'sourceId']) if (str(data[k])) (conversation ? s.ifKnown : s.customers).add(str(data[k])!);
    if (str(data.ticketId)) s.tickets.add(str(data.ticketId)!);
    if (e.type === 'survey.answered' && str(data.answerId)) s.answers.add(str(data.answerId)!);
  }
  const out = new Map<string, string[]>();
  for (const [ws, s] of byWs) {
    const ids = new Set([...s.customers].filter((x) => UUID.test(x)));
    const found = await ctx.db.query<{ id: string }>(
      `SELECT customer_id AS id FROM orders WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND customer_id IS NOT NULL
       UNION SELECT customer_id FROM survey_answers WHERE workspace_id = $1 AND id = ANY($3::uuid[])
       UNION SELECT t.customer_id FROM tickets t JOIN retention_customers rc ON rc.workspace_id = t.workspace_id AND rc.customer_id = t.customer_id
             WHERE t.workspace_id = $1 AND t.id = ANY($4::uuid[])
       UNION SELECT customer_id FROM retention_customers WHERE workspace_id = $1 AND customer_id = ANY($5::uuid[])`,
      [ws, [...s.orders], [...s.answers], [...s.tickets].filter((x) => UUID.test(x)), [...s.ifKnown].filter((x) => UUID.test(x))],
    );
    for (const r of found) ids.add(r.id);
    if (ids.size > 0) out.set(ws, [...ids]);
  }
  return out;
}

export const retentionRefreshReaction: Reaction = {
  name: 'retention-refresh',
  handles: '*',
  // Delivery receipts and message sentiments change no retention figure.
  ignores: ['message.delivery_changed', 'ai.sentiment_detected'],
  async run(ctx, events) {
    for (const [ws, ids] of await customersOf(ctx, events)) await refreshCustomers(ctx.db, ws, ids);
  },
};
