import type { AppContext } from '../../../core/context.js';
import type { Db, Tx } from '../../../core/db/types.js';
import { newId } from '../../../core/lib/ids.js';
import { appendEvents, type NewEvent } from '../../../core/events/append.js';
import type { Actor, AuthedActor } from '../../../core/http/actor.js';
import type { Channel, Priority } from '../../../../shared/common.js';
import { afterRoutedToTeam } from './routing.js';
import { computeDueDates } from './sla.js';
import { assertAssignable, assertTeam, assertTicketCustomer, nextTicketNumber, TICKET_COLUMNS, ticketEvent, type TicketRow } from './ticket-store.js';
import { addMessage, type NewAttachment } from './add-message.js';

export interface InsertTicketInput {
  customerId: string;
  subject: string;
  channel: Channel;
  priority?: Priority;
  category?: string | null;
  teamId?: string | null;
  assigneeId?: string | null;
  tags?: string[];
  /** When the conversation started (the first message); defaults to now. */
  firstMessageAt?: Date;
  /** The mailbox/widget the conversation is on; replies go out from it. */
  channelAccountId?: string | null;
  /**
   * The messages the ticket opens with, already counted in the row it is inserted as (an inbound group
   * files them right after with `counted`), so a new conversation's ticket is written once, not again by
   * addMessages' counters: under ingest each new ticket was written three times, and a second version
   * rarely fits its page, so it re-entered all 21 of the ticket's indexes.
   */
  openedWith?: OpeningCounters;
}

/** The counters of a ticket's first messages (openingCounters). */
export interface OpeningCounters {
  count: number;
  lastMessageAt: Date;
  lastMessagePreview: string | null;
  lastCustomerMessageAt: Date | null;
}

/**
 * What addMessages' counters would make of these messages on a new ticket whose last_message_at starts at
 * `firstAt`, applied one after another in list order (the same rules: a public message newer than or as
 * new as the last one sets the preview; only inbound ones move last_customer_message_at).
 */
export function openingCounters(firstAt: Date, messages: { sentAt: Date; preview: string; isPublic: boolean; inbound: boolean }[]): OpeningCounters {
  let last = firstAt;
  let preview: string | null = null;
  let lastCustomer: Date | null = null;
  for (const m of messages) {
    if (m.isPublic && m.sentAt.getTime() >= last.getTime()) preview = m.preview;
    if (m.isPublic && m.sentAt.getTime() > last.getTime()) last = m.sentAt;
    if (m.inbound && (!lastCustomer || m.sentAt.getTime() > lastCustomer.getTime())) lastCustomer = m.sentAt;
  }
  return { count: messages.length, lastMessageAt: last, lastMessagePreview: preview, lastCustomerMessageAt: lastCustomer };
}

/**
 * Inserts a ticket (number, SLA due times from the priority's policy) and records ticket.created;
 * a team given at creation routes it (status 'routed', round-robin when no assignee).
 * The caller has validated customer, team and assignee. `db` is the database `tx` belongs to (see nextTicketNumber).
 */
export async function insertTicket(db: Db, tx: Tx, workspaceId: string, input: InsertTicketInput, actor: Actor | null): Promise<TicketRow> {
  return (await insertTickets(db, tx, [{ workspaceId, input, actor }]))[0];
}

/**
 * insertTicket for several tickets in one transaction (the new conversations of a group of inbound
 * messages): their rows in one multi-row insert and their ticket.created events in one statement;
 * assignment and routing, when asked, follow per ticket. Results in the list's order.
 */
export async function insertTickets(db: Db, tx: Tx, list: { workspaceId: string; input: InsertTicketInput; actor: Actor | null }[]): Promise<TicketRow[]> {
  if (list.length === 0) return [];
  // The SLA clock starts when the ticket enters the helpdesk, not at a (possibly old) sentAt.
  const start = new Date();
  const rows: { id: string; workspaceId: string; number: number; priority: Priority; due: Awaited<ReturnType<typeof computeDueDates>>; input: InsertTicketInput; actor: Actor | null }[] = [];
  for (const { workspaceId, input, actor } of list) {
    const number = await nextTicketNumber(db, tx, workspaceId);
    const priority = input.priority ?? 'normal';
    rows.push({ id: newId(), workspaceId, number, priority, due: await computeDueDates(tx, workspaceId, priority, start), input, actor });
  }
  const inserted = await tx.query<TicketRow>(
    `INSERT INTO tickets (id, workspace_id, number, subject, customer_id, channel, priority, category, team_id, assignee_id, tags,
       first_message_at, last_message_at, first_response_due_at, resolution_due_at, created_at, updated_at, channel_account_id,
       message_count, last_message_preview, last_customer_message_at)
     SELECT u.id, u.ws, u.number, u.subject, u.customer_id, u.channel, u.priority, u.category, u.team_id, u.assignee_id,
       ARRAY(SELECT jsonb_array_elements_text(u.tags)), u.first_at, coalesce(u.last_at, u.first_at), u.fr_due, u.res_due, $16, $16, u.account,
       coalesce(u.n, 0), coalesce(u.preview, ''), u.last_customer_at
     FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::uuid[],
       $11::jsonb[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::uuid[], $17::int[], $18::timestamptz[], $19::text[], $20::timestamptz[])
       AS u(id, ws, number, subject, customer_id, channel, priority, category, team_id, assignee_id, tags, first_at, fr_due, res_due, account,
            n, last_at, preview, last_customer_at)
     RETURNING ${TICKET_COLUMNS}`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.workspaceId),
      rows.map((r) => r.number),
      rows.map((r) => r.input.subject),
      rows.map((r) => r.input.customerId),
      rows.map((r) => r.input.channel),
      rows.map((r) => r.priority),
      rows.map((r) => r.input.category ?? null),
      rows.map((r) => r.input.teamId ?? null),
      rows.map((r) => r.input.assigneeId ?? null),
      rows.map((r) => JSON.stringify(r.input.tags ?? [])),
      rows.map((r) => r.input.firstMessageAt ?? start),
      rows.map((r) => r.due.firstResponseDueAt),
      rows.map((r) => r.due.resolutionDueAt),
      rows.map((r) => r.input.channelAccountId ?? null),
      start,
      rows.map((r) => r.input.openedWith?.count ?? null),
      rows.map((r) => r.input.openedWith?.lastMessageAt ?? null),
      rows.map((r) => r.input.openedWith?.lastMessagePreview ?? null),
      rows.map((r) => r.input.openedWith?.lastCustomerMessageAt ?? null),
    ],
  );
  const byId = new Map(inserted.map((t) => [t.id, t]));
  const tickets = rows.map((r) => byId.get(r.id)!);
  await appendEvents(
    tx,
    tickets.map((t, k) => ({
      workspaceId: t.workspace_id,
      type: 'ticket.created' as const,
      subjectType: 'ticket' as const,
      subjectId: t.id,
      actor: rows[k].actor,
      data: { channel: t.channel, subject: t.subject, priority: t.priority, teamId: t.team_id, assigneeId: t.assignee_id, ticketId: t.id, customerId: t.customer_id, number: t.number },
    }) as NewEvent),
    { deferrable: true },
  );
  const out: TicketRow[] = [];
  for (const [k, created] of tickets.entries()) {
    let t = created;
    if (t.assignee_id) await ticketEvent(tx, t, 'ticket.assigned', rows[k].actor, { from: null, to: t.assignee_id, mode: 'manual' });
    if (t.team_id) t = await afterRoutedToTeam(tx, t, rows[k].actor, { autoAssign: true });
    out.push(t);
  }
  return out;
}

export interface CreateTicketInput extends Omit<InsertTicketInput, 'firstMessageAt'> {
  firstMessage?: { kind: 'inbound' | 'reply' | 'note'; body: string; contentType?: 'text' | 'html'; attachments?: NewAttachment[] };
}

/** An agent opens a ticket for a customer (phone call, walk-in, follow-up), optionally with its first message. */
export async function createTicket(ctx: Pick<AppContext, 'db' | 'channels'>, input: CreateTicketInput, actor: AuthedActor): Promise<TicketRow> {
  const db = ctx.db;
  const ws = actor.workspaceId;
  return db.tx(async (tx) => {
    await assertTicketCustomer(tx, ws, input.customerId);
    if (input.teamId) await assertTeam(tx, ws, input.teamId);
    if (input.assigneeId) await assertAssignable(tx, ws, input.assigneeId);
    let t = await insertTicket(db, tx, ws, input, actor);
    const m = input.firstMessage;
    if (m) {
      const res = await addMessage(tx, t, {
        direction: m.kind === 'inbound' ? 'inbound' : m.kind === 'reply' ? 'outbound' : 'note',
        authorUserId: m.kind !== 'inbound' && actor.kind === 'user' ? actor.id : null,
        channel: t.channel,
        body: m.body,
        contentType: m.contentType ?? 'text',
        attachments: m.attachments ?? [],
        actor,
        deliver: m.kind === 'reply' && ctx.channels.sends(t.channel),
      });
      t = res.ticket;
    }
    return t;
  });
}
