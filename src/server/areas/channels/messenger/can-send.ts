import type { ChannelAccount } from '../../../core/channels/accounts.js';
import type { SendAbility, SendCheck } from '../../../core/channels/types.js';
import { HUMAN_AGENT_WINDOW_HOURS, messengerConfig, STANDARD_WINDOW_HOURS } from './account.js';

/**
 * A Messenger reply needs the ticket's Page (enabled, with its token) and a conversation the customer
 * started (Pages cannot write first: no new conversations here). A demo Page never sends. The window
 * itself is checked by core with replyWindowHoursOf.
 */
export async function canSendMessenger(_ctx: unknown, check: SendCheck): Promise<SendAbility> {
  const account = check.account;
  if (!check.ticketId) return { ok: false, reason: 'no_conversation' };
  if (!account) return { ok: false, reason: 'no_account' };
  const config = messengerConfig(account.config);
  if (config.demo) return { ok: false, reason: 'demo_account', account };
  if (!account.enabled) return { ok: false, reason: 'account_disabled', account };
  if (!account.secrets.pageAccessToken) return { ok: false, reason: 'account_not_configured', account };
  if (!check.customer.identities.some((i) => i.kind === 'messenger')) return { ok: false, reason: 'no_recipient', account };
  if (account.status === 'error') return { ok: true, warning: 'account_error', account };
  return { ok: true, account };
}

/** 7 days for a Page whose app has HUMAN_AGENT, else Messenger's standard 24 hours. */
export function messengerWindowHours(account: ChannelAccount | undefined): number {
  const humanAgent = account ? messengerConfig(account.config).humanAgentTag : false;
  return humanAgent ? HUMAN_AGENT_WINDOW_HOURS : STANDARD_WINDOW_HOURS;
}
