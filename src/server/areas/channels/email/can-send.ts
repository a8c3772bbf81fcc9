import type { AppContext } from '../../../core/context.js';
import type { SendAbility, SendCheck } from '../../../core/channels/types.js';
import { EmailAccountConfigSchema } from './account.js';
import { mailboxFor } from './send.js';

/**
 * Whether sendEmail would go out for this conversation, checked the same way it checks: a mailbox
 * (the ticket's, or the workspace's only one), switched on, with SMTP settings, and an address to
 * write to (the customer's last Reply-To on the ticket, else their email). A mailbox whose last
 * connection check failed is a warning only: its IMAP side may be the broken one.
 */
export async function canSendEmail(ctx: AppContext, check: SendCheck): Promise<SendAbility> {
  const sql = check.sql ?? ctx.db;
  const account = await mailboxFor(ctx, check.workspaceId, check.account, sql);
  if (!account) return { ok: false, reason: 'no_account' };
  if (!account.enabled) return { ok: false, reason: 'account_disabled', account };
  const config = EmailAccountConfigSchema.safeParse(account.config);
  if (!config.success || !config.data.smtp) return { ok: false, reason: 'account_not_configured', account };
  const hasIdentity = check.customer.identities.some((i) => i.kind === 'email');
  const hasReplyAddress =
    !hasIdentity &&
    check.ticketId !== undefined &&
    (await sql.maybeOne(
      `SELECT 1 FROM messages WHERE workspace_id = $1 AND ticket_id = $2 AND direction = 'inbound' AND coalesce(meta->>'replyAddress', '') <> '' LIMIT 1`,
      [check.workspaceId, check.ticketId],
    )) !== undefined;
  if (!hasIdentity && !hasReplyAddress) return { ok: false, reason: 'no_recipient', account };
  return account.status === 'error' ? { ok: true, warning: 'account_error', account } : { ok: true, account };
}
