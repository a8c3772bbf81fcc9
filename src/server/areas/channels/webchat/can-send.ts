import type { AppContext } from '../../../core/context.js';
import type { SendAbility, SendCheck } from '../../../core/channels/types.js';
import { conversationOfTicket } from './store.js';

/**
 * A chat reply goes into the visitor's stream: it needs the ticket's chat (a visitor who left still
 * reads it when they come back, so an ended chat is fine) and a widget that is switched on (else the
 * visitor can no longer open the chat). A new conversation cannot start here: we cannot reach a
 * visitor who is not on the site.
 */
export async function canSendWebchat(ctx: AppContext, check: SendCheck): Promise<SendAbility> {
  if (!check.ticketId) return { ok: false, reason: 'no_conversation' };
  if (check.account && !check.account.enabled) return { ok: false, reason: 'account_disabled', account: check.account };
  const chat = await conversationOfTicket(check.sql ?? ctx.db, check.workspaceId, check.ticketId);
  if (!chat) return { ok: false, reason: 'no_conversation', account: check.account };
  return { ok: true, account: check.account };
}
