import type { Message } from '../../shared/api.js';

export interface AttachmentMetaRow {
  id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
}

/** A message of a thread (joined with author_name), with its attachments' metadata (never their bytes). */
export function presentMessage(row: Record<string, any>, attachments: AttachmentMetaRow[]): Message {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    customerId: row.customer_id,
    direction: row.direction,
    channel: row.channel,
    author: row.author_user_id ? { id: row.author_user_id, name: row.author_name ?? '' } : null,
    body: row.body,
    contentType: row.content_type,
    externalId: row.external_id ?? null,
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: Number(a.size) })),
    createdAt: new Date(row.created_at).toISOString(),
  };
}
