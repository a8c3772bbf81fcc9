import type { AppContext } from '../../../core/context.js';
import type { NewAttachment } from '../../tickets/index.js';
import { ingestInbound } from '../../tickets/index.js';
import { recordIdentityClaims } from '../../customers/index.js';
import { appendJob } from '../../../core/jobs/append.js';
import { setDeliveryStatus } from '../../../core/channels/outbox.js';
import type { Widget } from './guard.js';
import { assignSeq, chatForVisitorMessage, conversationOfTicket, endConversation, lockVisitor, openConversation, type ConversationRow, type VisitorRow } from './store.js';

export const CHECK_JOB = 'webchat.conversation-check';
/** A visitor whose page reloads or who moves to another page of the site reconnects within this time. */
export const LEAVE_GRACE_SECONDS = 30;
/** A chat the visitor left that nobody touched for this long ends as idle. */
export const IDLE_MINUTES = 30;

/**
 * Files a visitor's message into the ticket (idempotent on the widget's clientId), then gives it its
 * seq in the visitor's stream and opens or continues the chat. A resend after a network drop finds
 * the same message (and heals a seq the first attempt did not get to write).
 */
export async function postVisitorMessage(
  ctx: AppContext,
  widget: Widget,
  visitor: VisitorRow,
  input: { clientId: string; body: string; attachments: NewAttachment[]; offline?: boolean; pageUrl?: string | null },
) {
  const ws = widget.account.workspaceId;
  // Identity resolution: only the visitor id (the widget's cookie) identifies the chat's customer. The
  // phone and email the visitor typed are claims (customers area, claims/identity-claims.ts): anyone
  // can type anyone's details, so they never link or merge profiles until an agent confirms them.
  const claims: { kind: 'phone' | 'email'; value: string }[] = [];
  if (visitor.phone) claims.push({ kind: 'phone', value: visitor.phone });
  if (visitor.email) claims.push({ kind: 'email', value: visitor.email });
  // Our clock is the message's time (ingest keeps it as created_at): the chat's start reads it back.
  const sentAt = new Date();
  const res = await ingestInbound(
    ctx.db,
    {
      channel: 'webchat',
      externalId: `wc:${visitor.id}:${input.clientId}`,
      from: { kind: 'webchat', value: visitor.id, name: visitor.name ?? undefined },
      body: input.body,
      contentType: 'text',
      attachments: input.attachments,
      sentAt,
      channelAccountId: widget.account.id,
      meta: { ...(input.offline ? { offline: true } : {}), ...(input.pageUrl ? { pageUrl: input.pageUrl } : {}) },
    },
    { kind: 'system', workspaceId: ws },
  );
  const out = await ctx.db.tx(async (tx) => {
    if (claims.length > 0) await recordIdentityClaims(tx, { workspaceId: ws, customerId: res.customerId, source: 'webchat', ticketId: res.ticketId, claims });
    if (res.duplicate) {
      // A resend: normally already in the stream (or being put there by the first attempt: the visitor
      // lock waits for it); healed here when the first attempt stopped after ingest.
      await lockVisitor(tx, ws, visitor.id);
      const had = await tx.maybeOne<{ seq: number; conversation_id: string | null }>('SELECT seq, conversation_id FROM webchat_messages WHERE message_id = $1', [res.messageId]);
      if (had) return { seq: had.seq, conversationId: had.conversation_id, created: false, createdAt: undefined };
    }
    const createdAt = res.duplicate
      ? new Date((await tx.one<{ created_at: Date }>('SELECT created_at FROM messages WHERE workspace_id = $1 AND id = $2', [ws, res.messageId])).created_at)
      : sentAt;
    // Fast path (the visitor writes again in their open chat): takes the seq (locking the visitor row,
    // so seqs commit in order), touches the chat and maps the message: three statements.
    const bumped = await tx.one<VisitorRow>(
      `UPDATE webchat_visitors SET last_seq = last_seq + 1, customer_id = $3, last_seen_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [ws, visitor.id, res.customerId],
    );
    let chatId = input.offline
      ? undefined
      : (
          await tx.maybeOne<{ id: string }>(
            `UPDATE webchat_conversations SET last_visitor_message_at = greatest(last_visitor_message_at, $3)
             WHERE workspace_id = $1 AND visitor_id = $2 AND status = 'open' AND ticket_id = $4 RETURNING id`,
            [ws, visitor.id, createdAt, res.ticketId],
          )
        )?.id;
    if (!chatId) chatId = (await chatForVisitorMessage(tx, bumped, res.ticketId, createdAt, !!input.offline)).id;
    const mapped = await tx.maybeOne(
      `INSERT INTO webchat_messages (workspace_id, visitor_id, seq, message_id, conversation_id, client_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (message_id) DO NOTHING RETURNING seq`,
      [ws, visitor.id, bumped.last_seq, res.messageId, chatId, input.clientId],
    );
    if (!mapped) {
      // A concurrent resend mapped it first (this seq number stays unused: seqs increase, gaps are fine).
      const had = await tx.one<{ seq: number; conversation_id: string | null }>('SELECT seq, conversation_id FROM webchat_messages WHERE message_id = $1', [res.messageId]);
      return { seq: had.seq, conversationId: had.conversation_id, created: false, createdAt: undefined };
    }
    return { seq: bumped.last_seq, conversationId: chatId, created: true, createdAt };
  });
  return { ...res, ...out, duplicate: res.duplicate && !out.created };
}

/**
 * Records an agent's reply on a webchat ticket in its chat: the chat's first agent answer time and
 * the reply's seq in the visitor's stream. Idempotent (the webchat-agent-reply reaction and the
 * delivery job both call it). Undefined when the ticket has no chat (e.g. opened by hand on the channel).
 */
export async function recordAgentMessage(ctx: AppContext, workspaceId: string, messageId: string) {
  return ctx.db.tx(async (tx) => {
    const m = await tx.maybeOne<{ id: string; ticket_id: string; created_at: Date; direction: string }>(
      `SELECT id, ticket_id, created_at, direction FROM messages WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, messageId],
    );
    if (!m || m.direction !== 'outbound') return undefined;
    const chat = await conversationOfTicket(tx, workspaceId, m.ticket_id);
    if (!chat) return undefined;
    const v = await lockVisitor(tx, workspaceId, chat.visitor_id);
    await tx.query(
      `UPDATE webchat_conversations SET first_agent_reply_at = $2 WHERE id = $1 AND first_agent_reply_at IS NULL AND started_at <= $2`,
      [chat.id, m.created_at],
    );
    const { seq } = await assignSeq(tx, v, m.id, chat.id, null);
    return { visitorId: v.id, seq, conversationId: chat.id, ticketId: m.ticket_id };
  });
}

/** The visitor has shown agent messages up to seq: their delivery becomes 'delivered'. */
export async function acknowledge(ctx: AppContext, visitor: { id: string; workspace_id: string }, seq: number) {
  const rows = await ctx.db.query<{ message_id: string }>(
    `WITH bump AS (
       UPDATE webchat_visitors SET acked_seq = $3, last_seen_at = now()
       WHERE workspace_id = $1 AND id = $2 AND acked_seq < $3 AND last_seq >= $3
       RETURNING acked_seq
     )
     SELECT wm.message_id FROM webchat_messages wm JOIN messages m ON m.id = wm.message_id
     WHERE wm.workspace_id = $1 AND wm.visitor_id = $2 AND wm.seq <= $3 AND EXISTS (SELECT 1 FROM bump)
       AND m.direction = 'outbound' AND m.delivery_status IN ('queued', 'sent')`,
    [visitor.workspace_id, visitor.id, seq],
  );
  for (const r of rows) await setDeliveryStatus(ctx.db, { workspaceId: visitor.workspace_id, messageId: r.message_id }, 'delivered');
  return rows.length;
}

/** A socket of the visitor connected: they are back, so pending leave checks do nothing. */
export async function visitorBack(ctx: AppContext, visitor: { id: string; workspace_id: string }) {
  await ctx.db.query(`UPDATE webchat_conversations SET visitor_left_at = NULL WHERE workspace_id = $1 AND visitor_id = $2 AND status = 'open'`, [
    visitor.workspace_id,
    visitor.id,
  ]);
  await ctx.db.query('UPDATE webchat_visitors SET last_seen_at = now() WHERE workspace_id = $1 AND id = $2', [visitor.workspace_id, visitor.id]);
}

/**
 * The visitor's last socket closed: note when, and check after a grace period whether they left an
 * unanswered chat (abandoned) and, later, whether the chat went idle. A reconnect clears the mark.
 */
export async function visitorLeft(ctx: AppContext, visitor: { id: string; workspace_id: string }, at = new Date()) {
  await ctx.db.tx(async (tx) => {
    const chat = await tx.maybeOne<{ id: string }>(
      `UPDATE webchat_conversations SET visitor_left_at = $3 WHERE workspace_id = $1 AND visitor_id = $2 AND status = 'open' RETURNING id`,
      [visitor.workspace_id, visitor.id, at],
    );
    await tx.query('UPDATE webchat_visitors SET last_seen_at = $3 WHERE workspace_id = $1 AND id = $2', [visitor.workspace_id, visitor.id, at]);
    if (!chat) return;
    const data = { workspaceId: visitor.workspace_id, conversationId: chat.id, leftAt: at.toISOString() };
    appendJob(tx, CHECK_JOB, { ...data, check: 'abandon' }, { startAfter: LEAVE_GRACE_SECONDS });
    appendJob(tx, CHECK_JOB, { ...data, check: 'idle' }, { startAfter: IDLE_MINUTES * 60 });
  });
}

export type LeaveDecision = { status: 'abandoned' | 'ended'; reason: 'abandoned' | 'idle' | 'visitor'; endedAt: Date } | null;

/**
 * What a chat the visitor left at `leftAt` becomes (pure; `now` is the clock):
 * - still open, the visitor not back since, no agent answer before they left, and they had waited at
 *   least `abandonAfterSeconds` since their first message → abandoned (ended when they left);
 * - for the idle check, IDLE_MINUTES after leaving with no return → ended as idle;
 * - otherwise nothing (they came back, were answered, or left too quickly to count as waiting).
 */
export function decideAfterLeaving(
  chat: Pick<ConversationRow, 'status' | 'started_at' | 'first_agent_reply_at' | 'visitor_left_at' | 'last_visitor_message_at'>,
  leftAt: Date,
  check: 'abandon' | 'idle',
  abandonAfterSeconds: number,
  now: Date,
): LeaveDecision {
  if (chat.status !== 'open' || !chat.visitor_left_at || new Date(chat.visitor_left_at).getTime() !== leftAt.getTime()) return null;
  const answered = chat.first_agent_reply_at && new Date(chat.first_agent_reply_at).getTime() <= leftAt.getTime();
  const waitedSeconds = (leftAt.getTime() - new Date(chat.started_at).getTime()) / 1000;
  if (!answered && waitedSeconds >= abandonAfterSeconds) return { status: 'abandoned', reason: 'abandoned', endedAt: leftAt };
  if (check === 'idle' && now.getTime() - leftAt.getTime() >= IDLE_MINUTES * 60_000) {
    const last = Math.max(leftAt.getTime(), new Date(chat.last_visitor_message_at).getTime(), chat.first_agent_reply_at ? new Date(chat.first_agent_reply_at).getTime() : 0);
    return { status: 'ended', reason: 'idle', endedAt: new Date(last) };
  }
  return null;
}

/** The visitor pressed "end chat": abandoned when they waited long enough unanswered, else ended. */
export function decideOnEnd(chat: Pick<ConversationRow, 'started_at' | 'first_agent_reply_at'>, abandonAfterSeconds: number, now: Date): { status: 'abandoned' | 'ended'; reason: 'abandoned' | 'visitor' } {
  const waitedSeconds = (now.getTime() - new Date(chat.started_at).getTime()) / 1000;
  if (!chat.first_agent_reply_at && waitedSeconds >= abandonAfterSeconds) return { status: 'abandoned', reason: 'abandoned' };
  return { status: 'ended', reason: 'visitor' };
}

/** Ends the visitor's open chat at their request; returns the chat as it is afterwards. */
export async function endByVisitor(ctx: AppContext, widget: Widget, visitor: VisitorRow, now = new Date()): Promise<ConversationRow | undefined> {
  const open = await openConversation(ctx.db, visitor.workspace_id, visitor.id);
  if (!open) return undefined;
  const d = decideOnEnd(open, widget.config.abandonAfterSeconds, now);
  return (await endConversation(ctx.db, open, d.status, d.reason, now)) ?? open;
}
