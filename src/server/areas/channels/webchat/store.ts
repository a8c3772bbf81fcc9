import type { ConversationRow, EndReason } from './conversation.js';
import type { Db, Sql, Tx } from '../../../core/db/types.js';
import { newId } from '../../../core/lib/ids.js';
import { appendChatEvent, chatEnded, chatStarted } from './events.js';

/** A webchat_visitors row. */
export interface VisitorRow {
  id: string;
  workspace_id: string;
  account_id: string;
  token_hash: string;
  customer_id: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  page_url: string | null;
  locale: string | null;
  last_seq: number;
  acked_seq: number;
  created_at: Date;
  last_seen_at: Date;
}

export type { ConversationStatus } from './conversation.js';
export type { ConversationRow, EndReason } from './conversation.js';

/** The visitor's most recent chat (any status), or undefined before their first message. */
export async function latestConversation(sql: Sql, workspaceId: string, visitorId: string) {
  return sql.maybeOne<ConversationRow>(
    'SELECT * FROM webchat_conversations WHERE workspace_id = $1 AND visitor_id = $2 ORDER BY started_at DESC, created_at DESC LIMIT 1',
    [workspaceId, visitorId],
  );
}

export async function openConversation(sql: Sql, workspaceId: string, visitorId: string) {
  return sql.maybeOne<ConversationRow>(`SELECT * FROM webchat_conversations WHERE workspace_id = $1 AND visitor_id = $2 AND status = 'open'`, [workspaceId, visitorId]);
}

/** The chat an agent message on a ticket belongs to: the latest one on that ticket. */
export async function conversationOfTicket(sql: Sql, workspaceId: string, ticketId: string) {
  return sql.maybeOne<ConversationRow>(
    'SELECT * FROM webchat_conversations WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY started_at DESC, created_at DESC LIMIT 1',
    [workspaceId, ticketId],
  );
}

/** Locks the visitor row: seq numbers and conversation changes of one visitor happen one at a time. */
export async function lockVisitor(tx: Tx, workspaceId: string, visitorId: string) {
  return tx.one<VisitorRow>('SELECT * FROM webchat_visitors WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, visitorId]);
}

/**
 * The seq of a message in the visitor's stream, assigned once (the caller holds the visitor lock, so
 * seqs commit in increasing order and a reader of "after=n" never skips one committed later).
 */
export async function assignSeq(tx: Tx, v: VisitorRow, messageId: string, conversationId: string | null, clientId: string | null): Promise<{ seq: number; created: boolean }> {
  const had = await tx.maybeOne<{ seq: number }>('SELECT seq FROM webchat_messages WHERE message_id = $1', [messageId]);
  if (had) return { seq: had.seq, created: false };
  const { last_seq: seq } = await tx.one<{ last_seq: number }>(
    'UPDATE webchat_visitors SET last_seq = last_seq + 1 WHERE workspace_id = $1 AND id = $2 RETURNING last_seq',
    [v.workspace_id, v.id],
  );
  await tx.query(
    `INSERT INTO webchat_messages (workspace_id, visitor_id, seq, message_id, conversation_id, client_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [v.workspace_id, v.id, seq, messageId, conversationId, clientId],
  );
  return { seq, created: true };
}

/**
 * The visitor's open chat on this ticket, started by this message when there is none. An open chat on
 * another ticket (its ticket was closed and the message opened a new one) ends first. An offline
 * message (outside business hours) that starts a chat records it as already ended: it is not a live chat.
 * Appends chat.started (and chat.ended) in the caller's transaction.
 */
export async function chatForVisitorMessage(tx: Tx, v: VisitorRow, ticketId: string, at: Date, offline: boolean): Promise<ConversationRow> {
  const open = await openConversation(tx, v.workspace_id, v.id);
  if (open && open.ticket_id === ticketId) {
    return tx.one<ConversationRow>(
      `UPDATE webchat_conversations SET last_visitor_message_at = greatest(last_visitor_message_at, $2) WHERE id = $1 RETURNING *`,
      [open.id, at],
    );
  }
  if (open) await endChat(tx, open, 'ended', 'resolved', at);
  const chat = await tx.one<ConversationRow>(
    `INSERT INTO webchat_conversations (id, workspace_id, account_id, visitor_id, ticket_id, status, started_at, last_visitor_message_at)
     VALUES ($1, $2, $3, $4, $5, 'open', $6, $6) RETURNING *`,
    [newId(), v.workspace_id, v.account_id, v.id, ticketId, at],
  );
  await appendChatEvent(tx, chat, { type: 'chat.started', data: chatStarted(chat) });
  return offline ? ((await endChat(tx, chat, 'ended', 'offline', at)) ?? chat) : chat;
}

/**
 * Ends a chat (if still open) with a status and reason; returns the row when it changed. Appends
 * `chat.ended` with the chat's facts in the same transaction — what metrics (handle time, abandoned
 * rate), surveys ("after a chat ends") and the ticket's live view read. An agent answer already in the
 * thread that the after-commit reaction has not recorded yet (reply, then resolve at once) still counts
 * as the agent joining: the facts must not depend on which of the two reactions ran first.
 */
export async function endChat(tx: Tx, c: { id: string; workspace_id: string }, status: 'ended' | 'abandoned', reason: EndReason, at: Date) {
  const ended = await tx.maybeOne<ConversationRow & { status: 'ended' | 'abandoned'; ended_at: Date; end_reason: EndReason }>(
    `UPDATE webchat_conversations c SET status = $3, end_reason = $4, ended_at = $5,
       first_agent_reply_at = coalesce(c.first_agent_reply_at, (
         SELECT min(m.created_at) FROM messages m
         WHERE m.workspace_id = c.workspace_id AND m.ticket_id = c.ticket_id AND m.direction = 'outbound'
           AND m.created_at >= c.started_at AND m.created_at <= $5))
     WHERE c.workspace_id = $1 AND c.id = $2 AND c.status = 'open' RETURNING c.*`,
    [c.workspace_id, c.id, status, reason, at],
  );
  if (ended) await appendChatEvent(tx, ended, { type: 'chat.ended', data: chatEnded(ended) });
  return ended;
}

/** endChat in its own transaction. */
export async function endConversation(db: Db, c: { id: string; workspace_id: string }, status: 'ended' | 'abandoned', reason: EndReason, at: Date) {
  return db.tx((tx) => endChat(tx, c, status, reason, at));
}
