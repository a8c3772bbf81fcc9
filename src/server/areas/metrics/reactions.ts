import type { AppContext } from '../../core/context.js';
import type { StoredEvent } from '../../core/db/types.js';
import { reactionsSettled, type Reaction } from '../../core/events/reactions.js';
import { isEvent } from '../../core/events/types.js';
import { refreshSources, refreshTicket } from './refresh.js';

/**
 * Reporting rows written as events happen: every committed event that names a ticket (subject or
 * data.ticketId — messages, status changes, assignment, edits, merges, call and chat events), a
 * call, a survey answer or a chat refreshes that source's samples from stored data (idempotent), and
 * a ticket refresh also refreshes its calls, chats and answers. Rollups are folded lazily (before any
 * read, and by the metrics.fold job every minute).
 */
/** Resolves when every refresh started so far has finished (tests: figures after a command). */
export const metricsSettled = reactionsSettled;

const str = (v: unknown) => (typeof v === 'string' ? v : null);

// Frequent events that change nothing measured: delivery receipts, and the sentiment read of every customer
// message (no metric reads sentiments; without this each message would refresh its ticket twice).
const IGNORED_TYPES = ['message.delivery_changed', 'ai.sentiment_detected'] as const;
const IGNORED = new Set<string>(IGNORED_TYPES);

/** The ticket, call, survey answer and chat ids a batch of events names, per workspace. */
export function sourcesOf(events: StoredEvent[]) {
  const byWs = new Map<string, { tickets: Set<string>; calls: Set<string>; answers: Set<string>; chats: Set<string> }>();
  for (const e of events) {
    if (IGNORED.has(e.type)) continue;
    let s = byWs.get(e.workspace_id);
    if (!s) byWs.set(e.workspace_id, (s = { tickets: new Set(), calls: new Set(), answers: new Set(), chats: new Set() }));
    // Read across types: ticketId is carried by ticket, message, survey, call and chat events;
    // callId by the ticket changes a missed call made (the call-back task).
    const data: { ticketId?: unknown; callId?: unknown } = e.data ?? {};
    if (e.subject_type === 'ticket') s.tickets.add(e.subject_id);
    if (str(data.ticketId)) s.tickets.add(str(data.ticketId)!);
    if (isEvent(e, 'ticket.merged')) s.tickets.add(e.data.intoTicketId);
    if (isEvent(e, 'ticket.merged_in')) s.tickets.add(e.data.fromTicketId);
    if (e.subject_type === 'call') s.calls.add(e.subject_id);
    if (str(data.callId)) s.calls.add(str(data.callId)!);
    // A survey answer's event is about its ticket or customer; the answer is named in its data.
    if (isEvent(e, 'survey.answered')) s.answers.add(e.data.answerId);
    if (e.subject_type === 'chat') s.chats.add(e.subject_id);
  }
  return byWs;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ids = (s: Set<string>) => [...s].filter((x) => UUID.test(x));

export const metricsRefreshReaction: Reaction = {
  name: 'metrics-refresh',
  handles: '*',
  ignores: IGNORED_TYPES,
  async run(ctx: AppContext, events: StoredEvent[]) {
    for (const [ws, s] of sourcesOf(events)) {
      await refreshTicket(ctx.db, ws, ids(s.tickets));
      await refreshSources(ctx.db, ws, 'call', ids(s.calls));
      await refreshSources(ctx.db, ws, 'answer', ids(s.answers));
      await refreshSources(ctx.db, ws, 'chat', ids(s.chats));
    }
  },
};
