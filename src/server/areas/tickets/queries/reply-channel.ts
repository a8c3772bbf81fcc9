import type { AppContext } from '../../../core/context.js';
import { replyChannelOf } from '../../../core/channels/send-ability.js';
import type { ReplyChannel } from '../../../../shared/channels.js';
import { getTicket } from '../commands/ticket-store.js';

/** GET /api/tickets/:id/reply-channel: whether a public reply on the ticket goes out, and what else the agent can do. */
export async function loadReplyChannel(ctx: AppContext, workspaceId: string, ticketId: string): Promise<ReplyChannel> {
  const t = await getTicket(ctx.db, workspaceId, ticketId);
  return replyChannelOf(ctx, { workspaceId, ticketId: t.id, channel: t.channel, channelAccountId: t.channel_account_id, customerId: t.customer_id });
}
