import type { AppContext } from '../../../core/context.js';
import type { Db, Tx } from '../../../core/db/types.js';
import { newId } from '../../../core/lib/ids.js';
import type { Actor, AuthedActor } from '../../../core/http/actor.js';
import type { Channel, Priority } from '../../../../shared/common.js';
import { afterRoutedToTeam } from './routing.js';
import { computeDueDates } from './sla.js';
import { assertAssignable, assertTeam, assertTicketCustomer, nextTicketNumber, ticketEvent, type TicketRow } from './ticket-store.js';
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
}

/**
 * Inserts a ticket (number, SLA due times from the priority's policy) and records ticket.created;
 * a team given at creation routes it (status 'routed', round-robin when no assignee).
 * The caller has validated customer, team and assignee. `db` is the database `tx` belongs to (see nextTicketNumber).
 */
export async function insertTicket(db: Db, tx: Tx, workspaceId: string, input: InsertTicketInput, actor: Actor | null): Promise<TicketRow> {
  const number = await nextTicketNumber(db, tx, workspaceId);
  const priority = input.priority ?? 'normal';
  // The SLA clock starts when the ticket enters the helpdesk, not at a (possibly old) sentAt.
  const start = new Date();
  const due = await computeDueDates(tx, workspaceId, priority, start);
  const firstAt = input.firstMessageAt ?? start;
  let t = await tx.one<TicketRow>(
    `INSERT INTO tickets (id, workspace_id, number, subject, customer_id, channel, priority, category, team_id, assignee_id, tags,
       first_message_at, last_message_at, first_response_due_at, resolution_due_at, created_at, updated_at, channel_account_id)
     VALUES ($15, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $14, $16) RETURNING *`,
    [
      workspaceId,
      number,
      input.subject,
      input.customerId,
      input.channel,
      priority,
      input.category ?? null,
      input.teamId ?? null,
      input.assigneeId ?? null,
      input.tags ?? [],
      firstAt,
      due.firstResponseDueAt,
      due.resolutionDueAt,
      start,
      newId(),
      input.channelAccountId ?? null,
    ],
  );
  await ticketEvent(tx, t, 'ticket.created', actor, {
    channel: t.channel,
    subject: t.subject,
    priority: t.priority,
    teamId: t.team_id,
    assigneeId: t.assignee_id,
  });
  if (t.assignee_id) await ticketEvent(tx, t, 'ticket.assigned', actor, { from: null, to: t.assignee_id, mode: 'manual' });
  if (t.team_id) t = await afterRoutedToTeam(tx, t, actor, { autoAssign: true });
  return t;
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
