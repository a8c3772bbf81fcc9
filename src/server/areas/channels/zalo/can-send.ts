import type { AppContext } from '../../../core/context.js';
import { openAccount, type ChannelAccount, type ChannelAccountRow } from '../../../core/channels/accounts.js';
import type { SendAbility, SendCheck } from '../../../core/channels/types.js';
import { zaloReplyWindow } from './reply-window.js';
import { znsConfigured } from './zns/config.js';
import { znsPhone } from './zns/send-template.js';

/** A demo account (the demo's Zalo OA): nothing ever leaves the install from it. */
export const isDemoAccount = (a: Pick<ChannelAccount, 'config'>) => a.config.demo === true;

/** The account lost its authorisation (tokens.ts marks it so): sending waits for a reconnect. */
const needsReconnect = (a: ChannelAccount) => a.status === 'error' && (a.statusMessage ?? '').startsWith('reconnect_needed');

/** It has something to call Zalo with: an access token, or what renews one. */
const hasCredentials = (a: ChannelAccount) => !!a.secrets.accessToken || (!!a.secrets.refreshToken && !!a.secrets.appSecret);

function accountProblem(a: ChannelAccount | undefined): SendAbility | undefined {
  if (!a) return { ok: false, reason: 'no_account' };
  if (isDemoAccount(a)) return { ok: false, reason: 'demo_account', account: a };
  if (!a.enabled) return { ok: false, reason: 'account_disabled', account: a };
  if (needsReconnect(a)) return { ok: false, reason: 'reconnect_needed', account: a };
  if (!hasCredentials(a)) return { ok: false, reason: 'account_not_configured', account: a };
  return undefined;
}

/**
 * Whether a Zalo message can go out now. In a conversation: the account is usable, the customer has
 * their Zalo user id, and free replies are left in Zalo's window (8 since the user's last message;
 * the 9th would be a paid proactive message, so it is refused: 'reply_quota_used'). The 48 h itself is
 * core's check (capabilities.replyWindowHours); the answer carries the end and the replies left.
 * Starting a conversation (no ticket) is only possible by ZNS: an enabled account with a template
 * mapped and a Vietnamese phone on the customer.
 */
export async function canSendZalo(ctx: AppContext, check: SendCheck): Promise<SendAbility> {
  if (!check.ticketId) return canStartByZns(ctx, check);
  const problem = accountProblem(check.account);
  if (problem) return problem;
  const account = check.account!;
  if (!check.customer.identities.some((i) => i.kind === 'zalo')) return { ok: false, reason: 'no_recipient', account };
  const w = await zaloReplyWindow(check.sql ?? ctx.db, check.workspaceId, check.ticketId);
  const window = w.endsAt ? { endsAt: w.endsAt.toISOString(), repliesLeft: w.repliesLeft } : undefined;
  if (w.lastInboundAt && w.repliesLeft === 0) return { ok: false, reason: 'reply_quota_used', account, ...(window ? { window } : {}) };
  return { ok: true, account, ...(window ? { window } : {}) };
}

async function canStartByZns(ctx: AppContext, check: SendCheck): Promise<SendAbility> {
  if (!znsPhone(check.customer.identities)) return { ok: false, reason: 'no_recipient' };
  const rows = await (check.sql ?? ctx.db).query<ChannelAccountRow>(
    `SELECT * FROM channel_accounts WHERE workspace_id = $1 AND kind = 'zalo' AND enabled AND config ? 'zns' ORDER BY created_at`,
    [check.workspaceId],
  );
  for (const row of rows) {
    const a = openAccount(ctx, row);
    if (!accountProblem(a) && znsConfigured(a.config)) return { ok: true, account: a };
  }
  return { ok: false, reason: 'account_not_configured' };
}
