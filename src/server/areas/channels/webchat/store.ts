import type { Db, Sql, Tx } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';

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

export type ConversationStatus = 'open' | 'ended' | 'abandoned';
export type EndReason = 'visitor' | 'resolved' | 'idle' | 'abandoned' | 'offline';

/** A webchat_conversations row: one chat, with the times the chat metrics read. */
export interface ConversationRow {
  id: string;
  workspace_id: string;
  account_id: string;
  visitor_id: string;
  ticket_id: string;
  status: ConversationStatus;
  started_at: Date;
  first_agent_reply_at: Date | null;
  last_visitor_message_at: Date;
  visitor_left_at: Date | null;
  ended_at: Date | null;
  end_reason: EndReason | null;
  created_at: Date;
}

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
 */
export async function chatForVisitorMessage(tx: Tx, v: VisitorRow, ticketId: string, at: Date, offline: boolean): Promise<ConversationRow> {
  const open = await openConversation(tx, v.workspace_id, v.id);
  if (open && open.ticket_id === ticketId) {
    return tx.one<ConversationRow>(
      `UPDATE webchat_conversations SET last_visitor_message_at = greatest(last_visitor_message_at, $2) WHERE id = $1 RETURNING *`,
      [open.id, at],
    );
  }
  if (open) {
    await tx.query(`UPDATE webchat_conversations SET status = 'ended', end_reason = 'resolved', ended_at = $2 WHERE id = $1`, [open.id, at]);
  }
  return tx.one<ConversationRow>(
    `INSERT INTO webchat_conversations (id, workspace_id, account_id, visitor_id, ticket_id, status, started_at, last_visitor_message_at, ended_at, end_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9) RETURNING *`,
    [newId(), v.workspace_id, v.account_id, v.id, ticketId, offline ? 'ended' : 'open', at, offline ? at : null, offline ? 'offline' : null],
  );
}

/**
 * Ends a chat (if still open) with a status and reason; returns the row when it changed. Appends
 * `chat.ended` in the same transaction (data: ticketId, status, reason) — what surveys' "after a chat
 * ends" trigger and the ticket's live view listen to.
 */
export async function endConversation(db: Db, c: { id: string; workspace_id: string }, status: 'ended' | 'abandoned', reason: EndReason, at: Date) {
  return db.tx(async (tx) => {
    const ended = await tx.maybeOne<ConversationRow>(
      `UPDATE webchat_conversations SET status = $3, end_reason = $4, ended_at = $5 WHERE workspace_id = $1 AND id = $2 AND status = 'open' RETURNING *`,
      [c.workspace_id, c.id, status, reason, at],
    );
    if (ended) {
      await appendEvent(tx, {
        workspaceId: c.workspace_id,
        type: 'chat.ended',
        subjectType: 'chat',
        subjectId: c.id,
        actor: { kind: 'system', workspaceId: c.workspace_id },
        data: { ticketId: ended.ticket_id, status, reason },
      });
    }
    return ended;
  });
}
