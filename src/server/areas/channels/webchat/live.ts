import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import type { StoredEvent } from '../../../core/db/types.js';
import type { Reaction } from '../../../core/events/reactions.js';
import { defineJob } from '../../../core/jobs/define.js';
import { loadAccount } from '../../../core/channels/accounts.js';
import { WebchatAccountConfigSchema } from './account.js';
import { CHECK_JOB, decideAfterLeaving, recordAgentMessage } from './chat.js';
import { visitorSockets } from './sockets.js';
import { pushToVisitor } from './relay.js';
import { endConversation, type ConversationRow } from './store.js';
import type { WidgetMessage } from './widget-message.js';

/**
 * Pushes one message of the visitor's stream to all their open sockets, on every instance (each with
 * its own links). A repeated push (a reaction job that ran twice) shows nothing twice: the widget
 * merges messages by id.
 */
export async function pushMessage(
  ctx: AppContext,
  workspaceId: string,
  visitorId: string,
  messageId: string,
  opts: { /** Already built, without attachments (so without per-socket links). */ known?: WidgetMessage } = {},
) {
  await pushToVisitor(ctx, workspaceId, visitorId, { kind: 'message', messageId, known: opts.known && opts.known.attachments.length === 0 ? opts.known : undefined });
}

export async function pushConversationStatus(ctx: AppContext, chat: Pick<ConversationRow, 'workspace_id' | 'visitor_id' | 'status'>) {
  await pushToVisitor(ctx, chat.workspace_id, chat.visitor_id, { kind: 'frame', frame: { type: 'conversation', status: chat.status } });
}

/** The visitor is typing: agents watching the ticket see it (a transient event, not stored). */
export function publishVisitorTyping(ctx: AppContext, workspaceId: string, ticketId: string) {
  const e: StoredEvent = {
    id: `typing-${Date.now()}`,
    workspace_id: workspaceId,
    type: 'webchat.typing',
    subject_type: 'ticket',
    subject_id: ticketId,
    actor_type: 'customer',
    actor_id: null,
    data: { ticketId },
    created_at: new Date(),
  };
  ctx.realtime.publish([e]);
}

/** Runs one leave check now (the job's body; tests call it with their own clock). */
export async function runConversationCheck(ctx: AppContext, data: { workspaceId: string; conversationId: string; leftAt: string; check: 'abandon' | 'idle' }, now = new Date()) {
  const chat = await ctx.db.maybeOne<ConversationRow>('SELECT * FROM webchat_conversations WHERE workspace_id = $1 AND id = $2', [data.workspaceId, data.conversationId]);
  if (!chat) return null;
  // Connected to this process right now (a reconnect that raced the leave mark): not gone.
  if (visitorSockets.count(chat.visitor_id) > 0) return null;
  const account = await loadAccount(ctx, data.workspaceId, chat.account_id);
  const config = WebchatAccountConfigSchema.parse(account?.config ?? {});
  const d = decideAfterLeaving(chat, new Date(data.leftAt), data.check, config.abandonAfterSeconds, now);
  if (!d) return null;
  const ended = await endConversation(ctx.db, chat, d.status, d.reason, d.endedAt);
  if (ended) await pushConversationStatus(ctx, ended);
  return ended ?? null;
}

export const conversationCheckJob = defineJob({
  name: CHECK_JOB,
  schema: z.object({
    workspaceId: z.string().uuid(),
    conversationId: z.string().uuid(),
    leftAt: z.string().datetime(),
    check: z.enum(['abandon', 'idle']),
  }),
  retryLimit: 3,
  retryDelay: 30,
  async handle(ctx, data) {
    await runConversationCheck(ctx, data);
  },
});

export const webchatReactions: Reaction[] = [
  {
    // An agent reply on a chat ticket: put it in the visitor's stream (its seq; the chat's first answer
    // time) and push it to their open sockets. The one push path: this reaction is a durable job written
    // with the reply and run right after its commit; the delivery job (send) only marks the reply sent.
    name: 'webchat-agent-reply',
    handles: ['message.created'],
    async run(ctx, events) {
      for (const e of events) {
        if (e.data.channel !== 'webchat' || e.data.direction !== 'outbound') continue;
        const r = await recordAgentMessage(ctx, e.workspace_id, e.subject_id);
        if (r) await pushMessage(ctx, e.workspace_id, r.visitorId, e.subject_id);
      }
    },
  },
  {
    // A resolved or closed ticket ends its chat (chat.ended, reason 'resolved').
    name: 'webchat-ticket-finished',
    handles: ['ticket.status_changed'],
    async run(ctx, events) {
      for (const e of events) {
        if (e.data.to !== 'resolved' && e.data.to !== 'closed') continue;
        const open = await ctx.db.query<ConversationRow>(`SELECT * FROM webchat_conversations WHERE workspace_id = $1 AND ticket_id = $2 AND status = 'open'`, [
          e.workspace_id,
          e.subject_id,
        ]);
        for (const c of open) {
          const ended = await endConversation(ctx.db, c, 'ended', 'resolved', new Date());
          if (ended) await pushConversationStatus(ctx, ended);
        }
      }
    },
  },
];
