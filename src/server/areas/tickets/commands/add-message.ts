import type { Tx } from '../../../core/db/types.js';
import { AppError, badRequest } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import type { Actor } from '../../../core/http/actor.js';
import { changeStatus } from './status.js';
import { queueDelivery } from '../../../core/channels/outbox.js';
import { insertAttachment } from '../../../core/storage/index.js';
import { messagePreview, type TicketRow } from './ticket-store.js';
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
  const sentAt = m.sentAt ?? new Date();
  const meta = m.automated ? { ...(m.meta ?? {}), automated: true } : (m.meta ?? {});
  const message = await tx.one<MessageRow>(
    `INSERT INTO messages (id, workspace_id, ticket_id, customer_id, direction, author_user_id, channel, external_id, body, content_type, created_at, channel_account_id, meta)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
    [
      newId(), t.workspace_id, t.id, m.customerId ?? t.customer_id, m.direction, m.authorUserId, m.channel, m.externalId ?? null,
      m.body, m.contentType, sentAt, m.channelAccountId !== undefined ? m.channelAccountId : t.channel_account_id ?? null, JSON.stringify(meta),
    ],
  );
  for (const key of m.threadKeys ?? []) {
    await tx.query(
      `INSERT INTO thread_keys (workspace_id, channel, key, ticket_id, message_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [t.workspace_id, m.channel, key, t.id, message.id],
    );
  }
  const attachmentIds: string[] = [];
  for (const a of m.attachments) {
    const id = newId();
    await insertAttachment(tx, { id, workspaceId: t.workspace_id, messageId: message.id, filename: a.filename, contentType: a.contentType, data: a.data });
    attachmentIds.push(id);
  }
  const isPublic = m.direction !== 'note';
  const agentReply = m.direction === 'outbound' && !m.automated;
  const firstReply = agentReply && !t.first_response_at;
  // Internal notes are not conversation activity: they neither reorder the inbox nor change the preview.
  let ticket = await tx.one<TicketRow>(
    `UPDATE tickets SET
       message_count = message_count + 1,
       last_message_at = CASE WHEN $3 THEN greatest(last_message_at, $4) ELSE last_message_at END,
       last_message_preview = CASE WHEN $3 AND $4 >= last_message_at THEN $5 ELSE last_message_preview END,
       last_customer_message_at = CASE WHEN $6 THEN greatest(coalesce(last_customer_message_at, $4), $4) ELSE last_customer_message_at END,
       first_response_at = CASE WHEN $7 THEN $4 ELSE first_response_at END,
       updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING *`,
    [t.workspace_id, t.id, isPublic, sentAt, messagePreview(m.body, m.contentType), m.direction === 'inbound', firstReply],
  );
  await appendEvent(tx, {
    workspaceId: t.workspace_id,
    type: 'message.created',
    subjectType: 'message',
    subjectId: message.id,
    actor: m.actor,
    data: {
      ticketId: t.id,
      customerId: message.customer_id,
      direction: message.direction,
      channel: message.channel,
      preview: messagePreview(m.body, m.contentType),
      attachmentIds,
    },
  });
  // The reply's sending is queued in this same transaction (core/channels/outbox.ts).
  if (m.direction === 'outbound' && m.deliver) {
    await queueDelivery(tx, message, m.actor);
    message.delivery_status = 'queued';
  }
  if (agentReply && ['received', 'verified', 'routed'].includes(ticket.status)) {
    ticket = await changeStatus(tx, ticket, 'responded', m.actor, 'agent_replied');
  }
  return { message, ticket };
}
