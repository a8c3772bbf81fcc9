import type { AppContext } from '../../../core/context.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { findSentMessage, setDeliveryStatus } from '../../../core/channels/outbox.js';
import type { JobAttempt } from '../../../core/jobs/define.js';
import { followMerged } from '../../customers/index.js';
import { addMessage, lockTicket } from '../../tickets/index.js';
import { eventTime, sendInFlight, type ZaloEvent } from './inbound-event.js';

/**
 * oa_send_* (sender: the OA, recipient: the user): a message the OA sent. When it is one of ours (its
 * msg_id is the external id our send stored), it only confirms 'sent'. Otherwise someone wrote from
 * Zalo's own OA manager: it joins the user's latest Zalo ticket as an outbound message, by its author
 * as far as Zalo tells (the OA, and sender.admin_id when present), with delivery 'sent' so Zalo's
 * receipts can move it on. An echo racing our own send (the send's id not stored yet) is retried
 * while a send is in flight, so it is never doubled. Without a Zalo ticket for the user there is no
 * thread to show it in (a broadcast from the OA manager): it is not recorded.
 */
export async function recordEcho(ctx: AppContext, account: ChannelAccount, e: ZaloEvent, attempt?: JobAttempt) {
  const msgId = e.message?.msg_id;
  const userId = e.recipient?.id;
  if (!msgId || !userId) return;
  const ws = account.workspaceId;
  const ours = await findSentMessage(ctx.db, { workspaceId: ws, channel: 'zalo', ids: [msgId] });
  if (ours) {
    await setDeliveryStatus(ctx.db, { workspaceId: ws, messageId: ours }, 'sent');
    return;
  }
  if (attempt && !attempt.lastAttempt && (await sendInFlight(ctx, account))) {
    throw new Error('zalo: an OA echo arrived while one of our sends is in flight; retrying so it is not doubled');
  }
  await ctx.db.tx(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`inbound:${ws}:zalo:${msgId}`]);
    const dup = await tx.maybeOne('SELECT 1 FROM messages WHERE workspace_id = $1 AND channel = $2 AND external_id = $3', [ws, 'zalo', msgId]);
    if (dup) return;
    const owner = await tx.maybeOne<{ customer_id: string }>(`SELECT customer_id FROM customer_identities WHERE workspace_id = $1 AND kind = 'zalo' AND value = $2`, [ws, userId]);
    const customer = owner && (await followMerged(tx, ws, owner.customer_id));
    if (!customer) return;
    const t = await tx.maybeOne<{ id: string }>(
      `SELECT id FROM tickets WHERE workspace_id = $1 AND customer_id = $2 AND channel = 'zalo' AND merged_into_id IS NULL
       ORDER BY (status IN ('resolved', 'closed')), last_message_at DESC LIMIT 1`,
      [ws, customer.id],
    );
    if (!t) return;
    const ticket = await lockTicket(tx, ws, t.id);
    const text = (e.message?.text ?? '').trim();
    const links = (e.message?.attachments ?? []).map((a) => a.payload?.url).filter((u): u is string => !!u);
    const admin = e.sender?.admin_id;
    const { message } = await addMessage(tx, ticket, {
      direction: 'outbound',
      authorUserId: null,
      channel: 'zalo',
      externalId: msgId,
      body: [text, ...links].filter(Boolean).join('\n') || `[${e.event_name}]`,
      contentType: 'text',
      attachments: [],
      sentAt: eventTime(e),
      channelAccountId: account.id,
      meta: { from: admin ? `${account.name} · ${admin}` : account.name, zalo: { event: e.event_name, echo: true, ...(admin ? { adminId: admin } : {}) } },
      actor: { kind: 'system', workspaceId: ws },
    });
    await tx.query(`UPDATE messages SET delivery_status = 'sent', delivery_updated_at = now() WHERE workspace_id = $1 AND id = $2`, [ws, message.id]);
  });
}
