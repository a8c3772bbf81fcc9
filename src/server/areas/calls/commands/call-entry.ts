import type { Db, Sql, StoredEvent, Tx } from '../../../core/db/types.js';
import { addMessage, TICKET_COLUMNS } from '../../tickets/index.js';
import { insertTicket } from '../../tickets/index.js';
import { computeDueDates, dueTimes } from '../../tickets/index.js';
import { ticketEvent, type TicketChange, type TicketEventType, type TicketRow } from '../../tickets/index.js';
import { appendEvent } from '../../../core/events/append.js';
import { isEvent, type StoredEventOf } from '../../../core/events/types.js';
import type { Actor } from '../../../core/http/actor.js';
import { callBackSubject, callDetails, callSummary, callTicketSubject, type CallRow } from '../call-text.js';

/** Tag and category of a call-back task (a missed inbound call): the inbox filters on them. */
export const CALL_BACK_TAG = 'goi-lai';
export const CALL_BACK_CATEGORY = 'call_back';

/** The thread entry's external id: unique per workspace and channel, so a call never files twice. */
export const callExternalId = (c: Pick<CallRow, 'account_id' | 'external_id'>) => (c.account_id ? `call:${c.account_id}:${c.external_id}` : `call:${c.external_id}`);

export async function workspaceTimeZone(sql: Sql, workspaceId: string): Promise<string> {
  return (await sql.one<{ timezone: string }>('SELECT timezone FROM workspaces WHERE id = $1', [workspaceId])).timezone;
}

/** Who handled the call, for display: the matched user's name, else the email or extension the PBX sent. */
export async function agentNameOf(sql: Sql, c: CallRow): Promise<string | null> {
  if (c.agent_user_id) {
    const u = await sql.maybeOne<{ name: string }>('SELECT name FROM users WHERE workspace_id = $1 AND id = $2', [c.workspace_id, c.agent_user_id]);
    if (u) return u.name;
  }
  return c.agent_email ?? (c.agent_extension ? `#${c.agent_extension}` : null);
}

/** The text and meta.call of a call's thread entry, from its row. */
export async function callEntry(sql: Sql, c: CallRow) {
  const agentName = await agentNameOf(sql, c);
  const tz = await workspaceTimeZone(sql, c.workspace_id);
  return { body: callSummary(c, agentName, tz), call: callDetails(c, agentName), timeZone: tz };
}

/**
 * Files a call the helpdesk records itself (outbound calls, calls logged by hand) as a message:
 * in the given ticket, else the customer's open phone ticket, else a new phone ticket. An outbound
 * call is an agent's message (the phone channel cannot send, so it is recorded, not delivered).
 * The caller holds the call's lock and passes a locked ticket when it names one.
 */
export async function fileCallMessage(
  db: Db,
  tx: Tx,
  c: CallRow,
  opts: { customerId: string; customerName: string | null; ticket?: TicketRow; actor: Actor },
): Promise<{ ticket: TicketRow; messageId: string }> {
  const ws = c.workspace_id;
  // Same lock as inbound ingest: one conversation per customer and channel at a time.
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`ticket-thread:${opts.customerId}:phone`]);
  let ticket = opts.ticket;
  ticket ??= await tx.maybeOne<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM tickets
     WHERE workspace_id = $1 AND customer_id = $2 AND channel = 'phone' AND merged_into_id IS NULL AND status NOT IN ('resolved', 'closed')
     ORDER BY last_message_at DESC LIMIT 1 FOR UPDATE`,
    [ws, opts.customerId],
  );
  ticket ??= await insertTicket(
    db,
    tx,
    ws,
    { customerId: opts.customerId, subject: callTicketSubject(opts.customerName, c), channel: 'phone', firstMessageAt: new Date(c.started_at), channelAccountId: c.account_id },
    opts.actor,
  );
  const entry = await callEntry(tx, c);
  const { message, ticket: after } = await addMessage(tx, ticket, {
    direction: c.direction,
    authorUserId: c.direction === 'outbound' ? c.agent_user_id : null,
    channel: 'phone',
    externalId: callExternalId(c),
    body: entry.body,
    contentType: 'text',
    attachments: [],
    sentAt: clampToNow(new Date(c.started_at)),
    customerId: opts.customerId,
    channelAccountId: c.account_id,
    meta: { call: entry.call },
    actor: opts.actor,
  });
  return { ticket: after, messageId: message.id };
}

/** A clock running ahead must not put an entry in the future. */
export const clampToNow = (d: Date) => (d.getTime() > Date.now() ? new Date() : d);

/**
 * Brings the call's thread entry up to date with its row (body, meta.call, time = the call's start),
 * and turns the ticket into a call-back task the first time the call is a missed inbound one.
 * Writes only what differs, so re-running it after a duplicate changes nothing.
 */
export async function syncCallEntry(tx: Tx, c: CallRow, actor: Actor): Promise<boolean> {
  if (!c.message_id) return false;
  const entry = await callEntry(tx, c);
  // The entry sits at the call's start (whatever event came first), unless the PBX clock ran ahead.
  const at = new Date(c.started_at);
  const changed = await tx.maybeOne<{ id: string; ticket_id: string; customer_id: string }>(
    `UPDATE messages SET body = $3, meta = jsonb_set(meta, '{call}', $4::jsonb), created_at = CASE WHEN $5::timestamptz <= now() THEN $5::timestamptz ELSE created_at END
     WHERE workspace_id = $1 AND id = $2
       AND (body IS DISTINCT FROM $3 OR meta->'call' IS DISTINCT FROM $4::jsonb OR ($5::timestamptz <= now() AND created_at IS DISTINCT FROM $5::timestamptz))
     RETURNING id, ticket_id, customer_id`,
    [c.workspace_id, c.message_id, entry.body, JSON.stringify(entry.call), at],
  );
  if (changed) {
    await appendEvent(tx, {
      workspaceId: c.workspace_id,
      type: 'message.updated',
      subjectType: 'message',
      subjectId: changed.id,
      actor,
      data: { ticketId: changed.ticket_id, customerId: changed.customer_id, reason: 'call_updated', callStatus: c.status },
    });
  }
  let marked = false;
  if (c.direction === 'inbound' && c.missed && !c.call_back_marked && c.ticket_id) {
    await markCallBack(tx, c, entry.timeZone, actor);
    await tx.query('UPDATE calls SET call_back_marked = true WHERE workspace_id = $1 AND id = $2', [c.workspace_id, c.id]);
    marked = true;
  } else if (!c.missed && c.call_back_marked && c.ticket_id) {
    // A ring group reports 'missed' for the extension that did not pick up, then 'answered' by another:
    // the call was answered after all, so the marking comes off again (as if the events came the other way).
    await unmarkCallBack(tx, c, actor);
    await tx.query('UPDATE calls SET call_back_marked = false WHERE workspace_id = $1 AND id = $2', [c.workspace_id, c.id]);
    marked = true;
  }
  return !!changed || marked;
}

const PRIORITY_RANK = { low: 0, normal: 1, high: 2, urgent: 3 } as const;

/**
 * A missed inbound call asks for a call back: its ticket gets the tag 'goi-lai', category 'call_back'
 * (unless an agent already categorised it) and at least high priority (SLA due times recomputed from
 * the ticket's start, as an agent's priority change would). A ticket this call opened is renamed
 * "Gọi lại cho <khách> — cuộc gọi nhỡ lúc HH:mm dd/MM"; a conversation it joined keeps its subject.
 * Done once per call: what the agent does with the task afterwards (answered later, resolved) is theirs.
 */
async function markCallBack(tx: Tx, c: CallRow, timeZone: string, actor: Actor) {
  const ws = c.workspace_id;
  const before = await tx.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [ws, c.ticket_id]);
  if (!before || before.merged_into_id || before.status === 'closed') return;
  const customer = await tx.maybeOne<{ name: string }>('SELECT name FROM customers WHERE workspace_id = $1 AND id = $2', [ws, before.customer_id]);
  const first = await tx.maybeOne<{ id: string }>(
    `SELECT id FROM messages WHERE ticket_id = $1 AND direction <> 'note' ORDER BY created_at, id LIMIT 1`,
    [before.id],
  );
  const next = { ...before };
  const changes: TicketChange[] = [];
  if (first?.id === c.message_id) {
    const subject = callBackSubject(customer?.name ?? null, c, timeZone);
    if (subject !== before.subject) {
      next.subject = subject;
      changes.push(['ticket.subject_changed', { from: before.subject, to: subject }]);
    }
  }
  if (!before.tags.includes(CALL_BACK_TAG)) {
    next.tags = [...before.tags, CALL_BACK_TAG];
    changes.push(['ticket.tags_changed', { added: [CALL_BACK_TAG], removed: [] }]);
  }
  if (!before.category) {
    next.category = CALL_BACK_CATEGORY;
    changes.push(['ticket.category_changed', { from: null, to: CALL_BACK_CATEGORY }]);
  }
  if (PRIORITY_RANK[before.priority] < PRIORITY_RANK.high) {
    next.priority = 'high';
    const due = await computeDueDates(tx, ws, 'high', new Date(before.created_at));
    next.first_response_due_at = due.firstResponseDueAt;
    next.resolution_due_at = due.resolutionDueAt;
    changes.push(['ticket.priority_changed', { from: before.priority, to: 'high', ...dueTimes(due) }]);
  }
  if (changes.length === 0) return;
  const t = await tx.one<TicketRow>(
    `UPDATE tickets SET subject = $3, category = $4, tags = $5, priority = $6, first_response_due_at = $7, resolution_due_at = $8, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING ${TICKET_COLUMNS}`,
    [ws, before.id, next.subject, next.category, next.tags, next.priority, next.first_response_due_at, next.resolution_due_at],
  );
  for (const [type, data] of changes) await ticketEvent(tx, t, type, actor, { ...data, reason: 'missed_call', callId: c.id });
}

/**
 * Takes off what markCallBack put on for this call, field by field, only where the ticket still shows
 * our value (an agent's later change wins) and no other missed call of the ticket still asks for a call
 * back. The previous values come from the ticket events markCallBack recorded (data.callId).
 */
async function unmarkCallBack(tx: Tx, c: CallRow, actor: Actor) {
  const ws = c.workspace_id;
  const before = await tx.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [ws, c.ticket_id]);
  if (!before || before.merged_into_id) return;
  const others = await tx.maybeOne(
    'SELECT 1 FROM calls WHERE workspace_id = $1 AND ticket_id = $2 AND id <> $3 AND missed AND call_back_marked LIMIT 1',
    [ws, before.id, c.id],
  );
  if (others) return;
  const ours = await tx.query<StoredEvent>(
    `SELECT * FROM events WHERE workspace_id = $1 AND subject_type = 'ticket' AND subject_id = $2 AND data->>'callId' = $3 AND data->>'reason' = 'missed_call'`,
    [ws, before.id, c.id],
  );
  const set = <K extends TicketEventType>(type: K) => ours.find((e): e is StoredEventOf<K> => isEvent(e, type));
  const next = { ...before };
  const changes: TicketChange[] = [];
  const subject = set('ticket.subject_changed');
  if (subject && before.subject === subject.data.to) {
    next.subject = subject.data.from;
    changes.push(['ticket.subject_changed', { from: before.subject, to: subject.data.from }]);
  }
  if (set('ticket.tags_changed') && before.tags.includes(CALL_BACK_TAG)) {
    next.tags = before.tags.filter((x) => x !== CALL_BACK_TAG);
    changes.push(['ticket.tags_changed', { added: [], removed: [CALL_BACK_TAG] }]);
  }
  if (set('ticket.category_changed') && before.category === CALL_BACK_CATEGORY) {
    next.category = null;
    changes.push(['ticket.category_changed', { from: CALL_BACK_CATEGORY, to: null }]);
  }
  const priority = set('ticket.priority_changed');
  if (priority && before.priority === 'high') {
    next.priority = priority.data.from;
    const due = await computeDueDates(tx, ws, next.priority, new Date(before.created_at));
    next.first_response_due_at = due.firstResponseDueAt;
    next.resolution_due_at = due.resolutionDueAt;
    changes.push(['ticket.priority_changed', { from: 'high', to: next.priority, ...dueTimes(due) }]);
  }
  if (changes.length === 0) return;
  const t = await tx.one<TicketRow>(
    `UPDATE tickets SET subject = $3, category = $4, tags = $5, priority = $6, first_response_due_at = $7, resolution_due_at = $8, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING ${TICKET_COLUMNS}`,
    [ws, before.id, next.subject, next.category, next.tags, next.priority, next.first_response_due_at, next.resolution_due_at],
  );
  for (const [type, data] of changes) await ticketEvent(tx, t, type, actor, { ...data, reason: 'missed_call_answered', callId: c.id });
}
