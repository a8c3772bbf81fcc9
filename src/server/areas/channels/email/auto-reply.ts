import type { AppContext } from '../../../core/context.js';
import { addMessage } from '../../tickets/index.js';
import type { InboundMessage } from '../../tickets/index.js';
import type { TicketRow } from '../../tickets/index.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';

/**
 * Records an auto-reply (out-of-office …) in the conversation it answers, so the agent sees "away
 * until Monday", but only when that ticket is still open: it never reopens a resolved ticket, never
 * opens one, and never creates a customer (the ticket's customer is used). Marked meta.auto so that
 * nothing (automations, surveys) ever answers it. Returns undefined when it was not recorded.
 */
export async function recordAutoReply(ctx: AppContext, account: ChannelAccount, input: InboundMessage, reason: string) {
  const ws = account.workspaceId;
  const actor = { kind: 'system' as const, workspaceId: ws };
  const keys = input.threading?.keys ?? [];
  if (keys.length === 0) return undefined;
  return ctx.db.tx(async (tx) => {
    // The same lock ingestInbound takes, so a re-delivered auto-reply is recorded once.
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`inbound:${ws}:email:${input.externalId}`]);
    const dup = await tx.maybeOne<{ id: string; ticket_id: string }>(
      `SELECT id, ticket_id FROM messages WHERE workspace_id = $1 AND channel = 'email' AND external_id = $2`,
      [ws, input.externalId],
    );
    if (dup) return { messageId: dup.id, ticketId: dup.ticket_id, duplicate: true };
    const ticket = await tx.maybeOne<TicketRow>(
      `SELECT t.* FROM thread_keys k JOIN tickets t ON t.id = k.ticket_id
       WHERE k.workspace_id = $1 AND k.channel = 'email' AND k.key = ANY($2::text[])
         AND t.merged_into_id IS NULL AND t.status NOT IN ('resolved', 'closed')
       ORDER BY k.created_at DESC LIMIT 1 FOR UPDATE OF t`,
      [ws, keys],
    );
    if (!ticket) return undefined;
    const { message } = await addMessage(tx, ticket, {
      direction: 'inbound',
      authorUserId: null,
      channel: 'email',
      externalId: input.externalId,
      body: input.body,
      contentType: 'text',
      attachments: [],
      customerId: ticket.customer_id,
      channelAccountId: account.id,
      meta: { ...input.meta, auto: 'auto_reply', autoReason: reason },
      actor,
    });
    return { messageId: message.id, ticketId: ticket.id, duplicate: false };
  });
}
