import type { Db, Tx } from '../../db/types.js';
import { isUniqueViolation } from '../../lib/pg-errors.js';
import type { AuthedActor } from '../../policies/actor.js';
import type { Channel } from '../../../shared/api.js';
import { resolveCustomer } from '../customers/resolve-customer.js';
import { addMessage, type NewAttachment } from './add-message.js';
import { insertTicket } from './create-ticket.js';
import { changeStatus } from './status.js';
import { messagePreview, type TicketRow } from './ticket-store.js';

/** A resolved ticket that hears from its customer again within this window reopens. */
export const REOPEN_WINDOW_DAYS = 7;
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface InboundMessage {
  channel: Channel;
  externalId: string;
  from: { kind: string; value: string; name?: string };
  extraIdentities?: { kind: string; value: string }[];
  subject?: string;
  body: string;
  contentType: 'text' | 'html';
  attachments: NewAttachment[];
  sentAt?: Date;
}

export interface IngestResult {
  messageId: string;
  ticketId: string;
  customerId: string;
  duplicate: boolean;
}

async function existing(sql: Tx | Db, workspaceId: string, channel: string, externalId: string): Promise<IngestResult | undefined> {
  const m = await sql.maybeOne<{ id: string; ticket_id: string; customer_id: string }>(
    'SELECT id, ticket_id, customer_id FROM messages WHERE workspace_id = $1 AND channel = $2 AND external_id = $3',
    [workspaceId, channel, externalId],
  );
  return m && { messageId: m.id, ticketId: m.ticket_id, customerId: m.customer_id, duplicate: true };
}

/**
 * Files one inbound message: finds or creates the customer, threads into their open ticket on the
 * channel, reopens a ticket resolved within 7 days, or opens a new one.
 *
 * Idempotent on (workspace, channel, externalId): a per-key advisory lock serialises concurrent
 * deliveries of the same message, so the second one sees the first's committed row and answers
 * duplicate. The unique index messages_external_key is the last guard should anything slip past.
 */
export async function ingestInbound(db: Db, input: InboundMessage, actor: AuthedActor): Promise<IngestResult> {
  const ws = actor.workspaceId;
  try {
    return await db.tx(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`inbound:${ws}:${input.channel}:${input.externalId}`]);
      const dup = await existing(tx, ws, input.channel, input.externalId);
      if (dup) return dup;

      const { customer } = await resolveCustomer(tx, {
        workspaceId: ws,
        identities: [{ kind: input.from.kind, value: input.from.value }, ...(input.extraIdentities ?? [])],
        name: input.from.name,
        actor,
      });
      // One conversation per customer and channel at a time: two different messages arriving together
      // from a new customer must land in one ticket, not two.
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`ticket-thread:${customer.id}:${input.channel}`]);
      // A channel clock running ahead must not pin a conversation to the top of the inbox.
      const now = new Date();
      const sentAt = input.sentAt && input.sentAt.getTime() < now.getTime() + MAX_CLOCK_SKEW_MS ? input.sentAt : now;
      const ticket = await findOrOpenTicket(db, tx, ws, customer.id, input, sentAt, actor);
      const { message } = await addMessage(tx, ticket, {
        direction: 'inbound',
        authorUserId: null,
        channel: input.channel,
        externalId: input.externalId,
        body: input.body,
        contentType: input.contentType,
        attachments: input.attachments,
        sentAt,
        customerId: customer.id,
        actor,
      });
      return { messageId: message.id, ticketId: ticket.id, customerId: customer.id, duplicate: false };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'messages_external_key')) {
      const dup = await existing(db, ws, input.channel, input.externalId);
      if (dup) return dup;
    }
    throw err;
  }
}

async function findOrOpenTicket(db: Db, tx: Tx, ws: string, customerId: string, input: InboundMessage, sentAt: Date, actor: AuthedActor): Promise<TicketRow> {
  const open = await tx.maybeOne<TicketRow>(
    `SELECT * FROM tickets
     WHERE workspace_id = $1 AND customer_id = $2 AND channel = $3 AND merged_into_id IS NULL
       AND status NOT IN ('resolved', 'closed')
     ORDER BY last_message_at DESC LIMIT 1 FOR UPDATE`,
    [ws, customerId, input.channel],
  );
  if (open) return open;
  const recent = await tx.maybeOne<TicketRow>(
    `SELECT * FROM tickets
     WHERE workspace_id = $1 AND customer_id = $2 AND channel = $3 AND merged_into_id IS NULL
       AND status = 'resolved' AND resolved_at > now() - make_interval(days => $4)
     ORDER BY resolved_at DESC LIMIT 1 FOR UPDATE`,
    [ws, customerId, input.channel, REOPEN_WINDOW_DAYS],
  );
  if (recent) return changeStatus(tx, recent, 'received', actor, 'customer_wrote_again');
  const subject = input.subject?.trim() || messagePreview(input.body, input.contentType).slice(0, 120) || `(${input.channel})`;
  return insertTicket(db, tx, ws, { customerId, subject, channel: input.channel, firstMessageAt: sentAt }, actor);
}
