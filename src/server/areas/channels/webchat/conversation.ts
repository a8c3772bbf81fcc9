/** A chat's row and why it ended: the shapes the store writes and the chat events are made from. */
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
