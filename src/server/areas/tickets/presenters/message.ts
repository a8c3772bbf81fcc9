import type { Message, MessageDetails } from '../../../../shared/tickets.js';
import type { MessageRow } from '../commands/add-message.js';
import { AI_LABEL_DEFAULT, aiPrefix } from '../../../../shared/assistant.js';

/** A message of a thread: the messages row with its author's name (null for customers and deleted users). */
export interface ThreadMessageRow extends MessageRow {
  author_name: string | null;
}

export interface AttachmentMetaRow {
  id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
}

/** A message of a thread (joined with author_name), with its attachments' metadata (never their bytes). */
export function presentMessage(row: ThreadMessageRow, attachments: AttachmentMetaRow[]): Message {
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
    deliveryStatus: row.delivery_status ?? null,
    deliveryError: row.delivery_error ?? null,
    // Failed before codes existed (or unclassified): still a code, so the agent reads a translated reason.
    deliveryFailure: row.delivery_failure ?? (row.delivery_status === 'failed' ? 'unknown' : null),
    deliveryAttempts: Number(row.delivery_attempts ?? 0),
    details: presentDetails(row.meta ?? {}, row.body),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The meta keys a browser may see; anything else a channel keeps there (raw headers …) stays server-side. */
function presentDetails(meta: Record<string, unknown>, body: string): MessageDetails {
  const d: MessageDetails = {};
  const str = (k: string) => (typeof meta[k] === 'string' ? (meta[k] as string) : undefined);
  const list = (k: string) => (Array.isArray(meta[k]) ? (meta[k] as unknown[]).filter((x): x is string => typeof x === 'string') : undefined);
  if (str('subject') !== undefined) d.subject = str('subject');
  if (str('from') !== undefined) d.from = str('from');
  if (list('to')) d.to = list('to');
  if (list('cc')) d.cc = list('cc');
  if (str('quoted') !== undefined) d.quoted = str('quoted');
  if (str('html') !== undefined) d.html = str('html');
  if (str('auto') !== undefined) d.auto = str('auto');
  if (meta.automated === true) d.automated = true;
  if (meta.ai === true) d.ai = aiMark(meta, body);
  const survey = meta.survey as { requestId?: unknown; type?: unknown } | undefined;
  if (survey && typeof survey.requestId === 'string' && typeof survey.type === 'string') {
    d.survey = { requestId: survey.requestId, type: survey.type as 'csat' | 'nps' | 'ces' | 'custom' };
  }
  // Written by channels/phone from its calls table, already in the API shape.
  if (meta.call && typeof meta.call === 'object') d.call = meta.call as MessageDetails['call'];
  return d;
}

/**
 * The AI agent's mark of a message: the label it went out under and the prefix its text begins with.
 * Messages written before the label was stored carry the default prefix in their text (or nothing).
 */
function aiMark(meta: Record<string, unknown>, body: string): NonNullable<MessageDetails['ai']> {
  if (typeof meta.aiLabel === 'string') return { label: meta.aiLabel, prefix: typeof meta.aiPrefix === 'string' && body.startsWith(meta.aiPrefix) ? meta.aiPrefix : null };
  for (const label of Object.values(AI_LABEL_DEFAULT)) if (body.startsWith(aiPrefix(label))) return { label, prefix: aiPrefix(label) };
  return { label: AI_LABEL_DEFAULT.vi, prefix: null };
}
