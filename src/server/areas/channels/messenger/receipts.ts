import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { findSentMessage, setDeliveryStatus } from '../../../core/channels/outbox.js';
import type { AppContext } from '../../../core/context.js';

/**
 * Delivery and read receipts: "every message the Page sent this person before the watermark was
 * delivered / read" (mids may be absent). Our replies to this PSID on this Page whose send time is at or
 * before the watermark move to delivered or seen; setDeliveryStatus never moves a status back, so a
 * repeated or late receipt (a delivery after the read) changes nothing. Only messages already sent
 * are touched: a reply still queued was not part of what the watermark covers.
 */
export async function receiveReceipt(ctx: AppContext, account: ChannelAccount, psid: string, kind: 'delivered' | 'seen', watermark: number, mids: string[] = []) {
  const ws = account.workspaceId;
  const ids = new Set<string>();
  for (const mid of mids) {
    const id = await findSentMessage(ctx.db, { workspaceId: ws, channel: 'messenger', ids: [mid] });
    if (id) ids.add(id);
  }
  const covered = await ctx.db.query<{ id: string }>(
    `SELECT m.id FROM messages m
      WHERE m.workspace_id = $1 AND m.channel = 'messenger' AND m.direction = 'outbound' AND m.channel_account_id = $2
        AND m.meta->'messenger'->>'psid' = $3
        AND m.delivery_status = ANY($4::text[])
        AND coalesce((m.meta->'messenger'->>'sentAt')::timestamptz, m.delivery_updated_at) <= to_timestamp($5::double precision / 1000)`,
    [ws, account.id, psid, kind === 'delivered' ? ['sent'] : ['sent', 'delivered'], watermark],
  );
  for (const r of covered) ids.add(r.id);
  for (const id of ids) await setDeliveryStatus(ctx.db, { workspaceId: ws, messageId: id }, kind);
}
