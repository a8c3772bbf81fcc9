import type { AppContext } from '../../../core/context.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { setDeliveryStatus } from '../../../core/channels/outbox.js';
import type { DeliveryReport } from './classify.js';

/**
 * Finds our outbound message a delivery report is about (by the returned message's Message-ID, else
 * the report's In-Reply-To/References, through messages.external_id and thread_keys) and marks it
 * failed with the reason. Returns the message id, or undefined when the report is not about one of
 * ours (or is not a failure). Repeated reports change nothing (setDeliveryStatus is monotonic).
 */
export async function applyBounce(ctx: AppContext, account: ChannelAccount, report: DeliveryReport): Promise<string | undefined> {
  if (report.originalIds.length === 0) return undefined;
  const ws = account.workspaceId;
  const found = await ctx.db.maybeOne<{ id: string }>(
    `SELECT id FROM (
       SELECT m.id, 0 AS rank FROM messages m
        WHERE m.workspace_id = $1 AND m.channel = 'email' AND m.direction = 'outbound' AND m.external_id = ANY($2::text[])
       UNION ALL
       SELECT m.id, 1 AS rank FROM thread_keys k JOIN messages m ON m.id = k.message_id
        WHERE k.workspace_id = $1 AND k.channel = 'email' AND k.key = ANY($2::text[]) AND m.direction = 'outbound'
     ) x ORDER BY rank LIMIT 1`,
    [ws, report.originalIds],
  );
  // Our Message-IDs carry the message id (tt-<uuid>@domain): a bounce of a mail whose 'sent' was never recorded still finds it.
  let id = found?.id;
  if (!id) {
    for (const key of report.originalIds) {
      const m = /^<tt-([0-9a-f-]{36})@/i.exec(key);
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
