import type { Tx } from '../../../core/db/types.js';
import { AppError, badRequest } from '../../../core/errors.js';
import { appendEvents } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import type { Actor } from '../../../core/http/actor.js';
import { changeStatus } from './status.js';
import { queueDelivery } from '../../../core/channels/outbox.js';
import { insertAttachment } from '../../../core/storage/index.js';
import { messagePreview, ticketColumnsOf, type TicketRow } from './ticket-store.js';
import type { DeliveryFailure } from '../../../../shared/channels.js';

export { MAX_ATTACHMENT_BYTES } from '../../../core/channels/types.js';
import { MAX_ATTACHMENT_BYTES, type NewAttachment } from '../../../core/channels/types.js';
export type { NewAttachment } from '../../../core/channels/types.js';
export const MAX_ATTACHMENTS = 10;

/** A messages row as read from the database. */
export interface MessageRow {
  id: string;
  workspace_id: string;
  ticket_id: string;
  customer_id: string;
  direction: 'inbound' | 'outbound' | 'note';
  author_user_id: string | null;
  channel: string;
  external_id: string | null;
  channel_account_id: string | null;
  delivery_status: 'queued' | 'sent' | 'delivered' | 'seen' | 'failed' | null;
  delivery_error: string | null;
  /** Why the delivery failed, a code of shared/channels.ts DELIVERY_FAILURES (migration 073). */
  delivery_failure?: DeliveryFailure | null;
  delivery_attempts: number;
  delivery_updated_at: Date | null;
  meta: Record<string, unknown>;
  body: string;
  content_type: 'text' | 'html';
  created_at: Date;
}

/**
 * Decodes base64 attachments as sent in JSON. Each must be ≤ 5 MB decoded (413 attachment.too_large);
 * malformed base64 is 400 attachment.invalid_base64 rather than silently truncated data.
 */
export function decodeAttachments(list: { filename: string; contentType: string; dataBase64: string }[] | undefined): NewAttachment[] {
  if (!list) return [];
  if (list.length > MAX_ATTACHMENTS) throw badRequest('attachment.too_many', `At most ${MAX_ATTACHMENTS} attachments per message`);
  return list.map((a) => {
    const b64 = a.dataBase64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64) || b64.length % 4 === 1) {
      throw badRequest('attachment.invalid_base64', `Attachment "${a.filename}" is not valid base64`);
    }
    // Cheap size check before allocating the buffer.
    if (Math.floor((b64.length * 3) / 4) - 2 > MAX_ATTACHMENT_BYTES) throw tooLarge(a.filename);
    const data = Buffer.from(b64, 'base64');
    if (data.length > MAX_ATTACHMENT_BYTES) throw tooLarge(a.filename);
    return { filename: a.filename, contentType: a.contentType.toLowerCase(), data };
  });
}

const tooLarge = (filename: string) =>
  new AppError(413, 'attachment.too_large', `Attachment "${filename}" is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);

export interface AddMessageInput {
  direction: 'inbound' | 'outbound' | 'note';
  authorUserId: string | null;
  channel: string;
  externalId?: string | null;
  body: string;
  contentType: 'text' | 'html';
  attachments: NewAttachment[];
  /** When the message was sent (inbound channels report it); defaults to now. */
  sentAt?: Date;
  /** Customer of the message; defaults to the ticket's customer. */
  customerId?: string;
  /** The mailbox/widget it came in on or goes out from; defaults to the ticket's. */
  channelAccountId?: string | null;
  /** Send an outbound message out through its channel's outbox (callers set it when the channel sends). */
  deliver?: boolean;
  /** Channel details (email subject/from/to, folded quote …); shown through the message presenter. */
  meta?: Record<string, unknown>;
  /** Keys by which later messages find this conversation (an email's Message-ID …). */
  threadKeys?: string[];
  /**
   * Sent by the system, not an agent (a survey, an automation): it is delivered like a reply but is
   * no agent response — it never stamps first_response_at nor moves the ticket to 'responded'.
   * Marked `meta.automated = true` so metrics leave it out.
   */
  automated?: boolean;
  actor: Actor | null;
}

/**
 * Adds a message to a ticket the caller has locked, with its attachments, and keeps the ticket's
 * counters current (count, last activity, preview, last customer message). The first public agent
 * reply stamps first_response_at and moves an earlier-step ticket to 'responded'.
 * Appends message.created (data carries ticketId and customerId for realtime topics).
 */
export async function addMessage(tx: Tx, t: TicketRow, m: AddMessageInput): Promise<{ message: MessageRow; ticket: TicketRow }> {
  return (await addMessages(tx, [{ ticket: t, message: m }]))[0];
}

/**
 * addMessage for several messages in one transaction (a group of inbound deliveries), in order, with
 * one statement for all their rows, one per ticket update round and one for their events instead of
 * three per message. Several messages on one ticket update it one after another, as addMessage would.
 */
export async function addMessages(
  tx: Tx,
  /** `counted`: the ticket row already counts this message (a ticket inserted with `openedWith`); its counters are left alone. */
  list: { ticket: TicketRow; message: AddMessageInput; counted?: boolean }[],
): Promise<{ message: MessageRow; ticket: TicketRow }[]> {
  if (list.length === 0) return [];
  const rows = list.map(({ ticket: t, message: m }) => ({
    t,
    m,
    id: newId(),
    sentAt: m.sentAt ?? new Date(),
    meta: m.automated ? { ...(m.meta ?? {}), automated: true } : (m.meta ?? {}),
    channelAccountId: m.channelAccountId !== undefined ? m.channelAccountId : (t.channel_account_id ?? null),
    preview: messagePreview(m.body, m.contentType),
  }));
  // The messages whose ticket's counters are updated below append their search line there, in the same
  // row version (migration 112): named in this statement, the insert trigger leaves them out.
  const inserted = await tx.query<MessageRow & { search_text: string }>(
    `INSERT INTO messages (id, workspace_id, ticket_id, customer_id, direction, author_user_id, channel, external_id, body, content_type, created_at, channel_account_id, meta)
     SELECT u.* FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[],
       $11::timestamptz[], $12::uuid[], $13::jsonb[]) AS u
     CROSS JOIN (SELECT set_config('tantam.search_document_deferred', $14, true)) AS deferred
     RETURNING *`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.t.workspace_id),
      rows.map((r) => r.t.id),
      rows.map((r) => r.m.customerId ?? r.t.customer_id),
      rows.map((r) => r.m.direction),
      rows.map((r) => r.m.authorUserId),
      rows.map((r) => r.m.channel),
      rows.map((r) => r.m.externalId ?? null),
      rows.map((r) => r.m.body),
      rows.map((r) => r.m.contentType),
      rows.map((r) => r.sentAt),
      rows.map((r) => r.channelAccountId),
      rows.map((r) => JSON.stringify(r.meta)),
      rows.flatMap((r, k) => (list[k].counted ? [] : [r.id])).join(','),
    ],
  );
  const byId = new Map(inserted.map((row) => [row.id, row]));
  const messages = rows.map((r) => byId.get(r.id)!);
  const attachmentIds: string[][] = [];
  for (const [k, r] of rows.entries()) {
    for (const key of r.m.threadKeys ?? []) {
      await tx.query(
        `INSERT INTO thread_keys (workspace_id, channel, key, ticket_id, message_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [r.t.workspace_id, r.m.channel, key, r.t.id, r.id],
      );
    }
    const ids: string[] = [];
    for (const a of r.m.attachments) {
      const id = newId();
      await insertAttachment(tx, { id, workspaceId: r.t.workspace_id, messageId: messages[k].id, filename: a.filename, contentType: a.contentType, data: a.data });
      ids.push(id);
    }
    attachmentIds.push(ids);
  }

  // Ticket counters: one statement per round, a round updating each ticket once (in list order).
  const tickets: TicketRow[] = new Array(rows.length);
  const flags = rows.map((r) => {
    const agentReply = r.m.direction === 'outbound' && !r.m.automated;
    return { isPublic: r.m.direction !== 'note', agentReply, firstReply: agentReply && !r.t.first_response_at };
  });
  list.forEach((item, k) => {
    if (item.counted) tickets[k] = item.ticket;
  });
  let pending = rows.map((_, k) => k).filter((k) => !list[k].counted);
  while (pending.length > 0) {
    const seen = new Set<string>();
    const round = pending.filter((k) => !seen.has(rows[k].t.id) && !!seen.add(rows[k].t.id));
    pending = pending.filter((k) => !round.includes(k));
    // Internal notes are not conversation activity: they neither reorder the inbox nor change the preview.
    const updated = await tx.query<TicketRow>(
      `UPDATE tickets t SET
         message_count = t.message_count + 1,
         last_message_at = CASE WHEN u.pub THEN greatest(t.last_message_at, u.sent) ELSE t.last_message_at END,
         last_message_preview = CASE WHEN u.pub AND u.sent >= t.last_message_at THEN u.preview ELSE t.last_message_preview END,
         last_customer_message_at = CASE WHEN u.inbound THEN greatest(coalesce(t.last_customer_message_at, u.sent), u.sent) ELSE t.last_customer_message_at END,
         first_response_at = CASE WHEN u.first_reply THEN u.sent ELSE t.first_response_at END,
         search_document = t.search_document || u.line,
         updated_at = now()
       FROM unnest($1::uuid[], $2::uuid[], $3::bool[], $4::timestamptz[], $5::text[], $6::bool[], $7::bool[], $8::text[]) AS u(ws, id, pub, sent, preview, inbound, first_reply, line)
       WHERE t.workspace_id = u.ws AND t.id = u.id RETURNING ${ticketColumnsOf('t')}`,
      [
        round.map((k) => rows[k].t.workspace_id),
        round.map((k) => rows[k].t.id),
        round.map((k) => flags[k].isPublic),
        round.map((k) => rows[k].sentAt),
        round.map((k) => rows[k].preview),
        round.map((k) => rows[k].m.direction === 'inbound'),
        round.map((k) => flags[k].firstReply),
        // The message's search line, as the insert trigger would have appended it (none for a text-less message).
        round.map((k) => (messages[k].search_text ? `\n${messages[k].search_text}` : '')),
      ],
    );
    const byTicket = new Map(updated.map((t) => [t.id, t]));
    for (const k of round) tickets[k] = byTicket.get(rows[k].t.id)!;
  }

  await appendEvents(
    tx,
    rows.map((r, k) => ({
      workspaceId: r.t.workspace_id,
      type: 'message.created' as const,
      subjectType: 'message' as const,
      subjectId: messages[k].id,
      actor: r.m.actor,
      data: {
        ticketId: r.t.id,
        customerId: messages[k].customer_id,
        direction: messages[k].direction,
        channel: messages[k].channel,
        preview: r.preview,
        attachmentIds: attachmentIds[k],
      },
    })),
    { deferrable: true },
  );
  const out: { message: MessageRow; ticket: TicketRow }[] = [];
  for (const [k, r] of rows.entries()) {
    const message = messages[k];
    let ticket = tickets[k];
    // The reply's sending is queued in this same transaction (core/channels/outbox.ts).
    if (r.m.direction === 'outbound' && r.m.deliver) {
      await queueDelivery(tx, message, r.m.actor);
      message.delivery_status = 'queued';
    }
    if (flags[k].agentReply && ['received', 'verified', 'routed'].includes(ticket.status)) {
      ticket = await changeStatus(tx, ticket, 'responded', r.m.actor, 'agent_replied');
    }
    out.push({ message, ticket });
  }
  return out;
}
