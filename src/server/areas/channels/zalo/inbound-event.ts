import type { AppContext } from '../../../core/context.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import type { ZaloAttachment } from './inbound-attachments.js';

/** The fields of Zalo's events we read (documented shapes; every id a string). */
export interface ZaloEvent {
  app_id?: string;
  event_name?: string;
  timestamp?: string;
  oa_id?: string;
  user_id_by_app?: string;
  sender?: { id?: string; admin_id?: string };
  recipient?: { id?: string };
  follower?: { id?: string };
  source?: string;
  message?: { msg_id?: string; msg_ids?: string[]; text?: string; attachments?: ZaloAttachment[]; quote_msg_id?: string; conversation_id?: string };
  info?: { name?: string; phone?: string; address?: string; city?: string; district?: string; ward?: string };
}

/** Zalo's timestamp (ms since the epoch, a string) as a Date; now when absent or unreadable. */
export function eventTime(e: ZaloEvent): Date {
  const n = Number(e.timestamp);
  if (!Number.isFinite(n) || n <= 0) return new Date();
  return new Date(String(e.timestamp).length <= 10 ? n * 1000 : n);
}

/** Whether an outbound Zalo message of this account is still queued (its msg_id not stored yet). */
export async function sendInFlight(ctx: AppContext, account: ChannelAccount) {
  const r = await ctx.db.maybeOne(
    `SELECT 1 FROM messages WHERE workspace_id = $1 AND channel = 'zalo' AND direction = 'outbound' AND delivery_status = 'queued'
       AND (channel_account_id = $2 OR channel_account_id IS NULL) AND created_at > now() - interval '10 minutes' LIMIT 1`,
    [account.workspaceId, account.id],
  );
  return !!r;
}

