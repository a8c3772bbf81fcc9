import type { Channel } from '../../../../shared/common.js';
import type { Tx } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import type { ConversationRow, EndReason } from './conversation.js';

/**
 * The web chat's events (DESIGN rule 4): the facts about a chat that metrics and surveys need travel
 * in these, so neither reads webchat_conversations. Times are ISO strings (UTC).
 */
export type ChatStartedData = {
  ticketId: string;
  /** The channel the chat is on: the metrics' channel dimension. */
  channel: Channel;
  /** The widget it started on. */
  accountId: string;
  /** The visitor's first message. */
  startedAt: string;
};

export type ChatEndedData = {
  ticketId: string;
  channel: Channel;
  /** 'abandoned': the visitor left after waiting without an agent's answer (PRODUCT §4 abandoned rate). */
  status: 'ended' | 'abandoned';
  /** 'resolved': the ticket was resolved or the visitor's next message opened another ticket; 'offline': a message left outside business hours (never a live chat). */
  reason: EndReason;
  startedAt: string;
  /** The first agent answer during the chat (the agent joined); null when nobody answered before it ended. */
  agentJoinedAt: string | null;
  endedAt: string;
  /** How long the visitor waited: from the start to the agent's first answer, or to the end when nobody answered. */
  waitSeconds: number;
};

declare module '../../../core/events/types.js' {
  interface EventCatalog {
    /** A visitor's first message opened a chat on a ticket. */
    'chat.started': { subject: 'chat'; data: ChatStartedData };
    /** A chat ended (by the visitor, idle, abandoned, the ticket's resolution, or at once for an offline message). */
    'chat.ended': { subject: 'chat'; data: ChatEndedData };
    /** The visitor is typing (published to `ticket:<id>` only, never stored). */
    'webchat.typing': { subject: 'ticket'; data: { ticketId: string } };
  }
}

/** Appends one of the chat's events in the transaction that changed it. */
export async function appendChatEvent(
  tx: Tx,
  chat: Pick<ConversationRow, 'id' | 'workspace_id'>,
  e: { type: 'chat.started'; data: ChatStartedData } | { type: 'chat.ended'; data: ChatEndedData },
) {
  return appendEvent(tx, { ...e, subjectType: 'chat', workspaceId: chat.workspace_id, subjectId: chat.id, actor: { kind: 'system', workspaceId: chat.workspace_id } });
}

const iso = (d: Date | string) => new Date(d).toISOString();
const seconds = (from: Date | string, to: Date | string) => Math.max(0, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000));

export function chatStarted(c: ConversationRow): ChatStartedData {
  return { ticketId: c.ticket_id, channel: 'webchat', accountId: c.account_id, startedAt: iso(c.started_at) };
}

/** The facts of an ended chat, from its row as it ended. */
export function chatEnded(c: ConversationRow & { status: 'ended' | 'abandoned'; ended_at: Date; end_reason: EndReason }): ChatEndedData {
  return {
    ticketId: c.ticket_id,
    channel: 'webchat',
    status: c.status,
    reason: c.end_reason,
    startedAt: iso(c.started_at),
    agentJoinedAt: c.first_agent_reply_at ? iso(c.first_agent_reply_at) : null,
    endedAt: iso(c.ended_at),
    waitSeconds: seconds(c.started_at, c.first_agent_reply_at ?? c.ended_at),
  };
}
