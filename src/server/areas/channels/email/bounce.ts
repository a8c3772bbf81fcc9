import type { AppContext } from '../../../core/context.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { findSentMessage, setDeliveryStatus } from '../../../core/channels/outbox.js';
import type { DeliveryReport } from './classify.js';

/**
 * Marks the outbound message a delivery report is about failed, with the reason: a delivery report
 * is no customer message, so it does not go through the inbound door (it files nothing, opens nothing);
 * it goes to the outbox's (findSentMessage by the returned message's Message-ID, else the report's
 * In-Reply-To/References, then setDeliveryStatus). Returns the message id, or undefined when the
 * report is not about one of ours (or is not a failure). Repeated reports change nothing
 * (setDeliveryStatus is monotonic).
 */
export async function applyBounce(ctx: AppContext, account: ChannelAccount, report: DeliveryReport): Promise<string | undefined> {
  if (report.originalIds.length === 0) return undefined;
  const ws = account.workspaceId;
  let id = await findSentMessage(ctx.db, { workspaceId: ws, channel: 'email', ids: report.originalIds });
  // Our Message-IDs carry the message id (send.ts: tt-<uuid>@domain): a bounce of a mail whose 'sent' was never recorded still finds it.
  if (!id) {
    for (const key of report.originalIds) {
      const m = OUR_MESSAGE_ID.exec(key);
      if (!m) continue;
      const row = await ctx.db.maybeOne<{ id: string }>(
        `SELECT id FROM messages WHERE workspace_id = $1 AND id = $2 AND channel = 'email' AND direction = 'outbound'`,
        [ws, m[1]],
      );
      if (row) {
        id = row.id;
        break;
      }
    }
  }
  if (!id || !report.failed) return id;
  const reason = report.recipient ? `${report.recipient}: ${report.reason}` : report.reason;
  await setDeliveryStatus(ctx.db, { workspaceId: ws, messageId: id }, 'failed', { error: reason });
  return id;
}

const OUR_MESSAGE_ID = /^<tt-([0-9a-f-]{36})@/i;
