import type { AppContext } from '../../../core/context.js';
import { loadAccount } from '../../../core/channels/accounts.js';
import { AppError, notFound } from '../../../core/errors.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import type { FiledMail } from '../../../../shared/filtered-mail.js';
import { loadFilteredMail, markFiled } from './filtered-mail.js';
import { ingestRawEmail } from './ingest-raw.js';

/**
 * "File it anyway": an admin decides a filtered mail (a list post, an auto-reply, a mail without
 * sender) is a customer's message. It goes through the normal ingest door with classification
 * skipped, so it threads, dedupes and opens or joins a ticket like any mail. Repeating it changes
 * nothing (the ingest is idempotent; the record keeps the first filing).
 */
export async function fileFilteredMail(ctx: AppContext, actor: AuthedActor, accountId: string, id: string): Promise<FiledMail> {
  const ws = actor.workspaceId;
  const account = await loadAccount(ctx, ws, accountId);
  if (!account || account.kind !== 'email') throw notFound('Mailbox', 'channel_account.not_found');
  const row = await loadFilteredMail(ctx.db, ws, accountId, id);
  if (!row) throw notFound('Filtered mail', 'filtered_mail.not_found');
  if (row.reason_kind === 'duplicate') throw new AppError(409, 'filtered_mail.already_filed', 'This mail repeats one that is already in a ticket');
  if (!row.raw) throw new AppError(409, 'filtered_mail.not_kept', 'This mail was too large to keep, so it cannot be filed');
  const r = await ingestRawEmail(ctx, account, Buffer.from(row.raw), { source: 'smtp', fileAnyway: true });
  if (!r.messageId || !r.ticketId) throw new AppError(409, 'filtered_mail.not_filed', r.reason ?? 'The mail could not be filed');
  await markFiled(ctx.db, ws, id, r.messageId, actor.kind === 'user' ? actor.id : null);
  const t = await ctx.db.one<{ number: number }>('SELECT number FROM tickets WHERE workspace_id = $1 AND id = $2', [ws, r.ticketId]);
  return { ticketId: r.ticketId, ticketNumber: t.number, duplicate: r.status === 'duplicate' };
}
