import type { AppContext } from '../../../core/context.js';
import { PermanentDeliveryError, TemporaryDeliveryError } from '../../../core/channels/delivery-failure.js';
import { openAccount, type ChannelAccount, type ChannelAccountRow } from '../../../core/channels/accounts.js';
import type { OutboundRequest, SendResult } from '../../../core/channels/types.js';
import type { Sql } from '../../../core/db/types.js';
import { EmailAccountConfigSchema, EmailAccountSecretsSchema } from './account.js';
import { htmlToPlain, plainToHtml } from './html.js';
import { renderSurveyEmail } from './survey-email.js';
import { smtpReason, smtpResponseCode, smtpTransport } from './transport.js';

/**
 * The mailbox to send from: the ticket's; for an email ticket without one (opened through the API or
 * by an agent) the workspace's only mailbox, when it has exactly one.
 */
export async function mailboxFor(ctx: AppContext, workspaceId: string, ticketAccount: ChannelAccount | undefined, sql: Sql = ctx.db): Promise<ChannelAccount | undefined> {
  if (ticketAccount?.kind === 'email') return ticketAccount;
  if (ticketAccount) return undefined;
  const rows = await sql.query<ChannelAccountRow>(
    `SELECT * FROM channel_accounts WHERE workspace_id = $1 AND kind = 'email' AND enabled ORDER BY created_at LIMIT 2`,
    [workspaceId],
  );
  return rows.length === 1 ? openAccount(ctx, rows[0]) : undefined;
}

/** References of a long thread are capped (RFC 5322 allows trimming the middle: keep the root and the latest). */
const MAX_REFERENCES = 20;

const isMessageId = (v: unknown): v is string => typeof v === 'string' && /^<[^<>\s]+>$/.test(v);

/** Our Message-ID for an outbound message: stable per message, so a retried job re-sends the same id. */
export function outboundMessageId(messageId: string, address: string): string {
  return `<tt-${messageId}@${address.split('@')[1] ?? 'localhost'}>`;
}

/** "Re: <subject> [#1024]": the tag threads the customer's reply even when their client drops our headers. */
export function replySubject(subject: string, number: number): string {
  let s = subject.trim();
  for (let i = 0; i < 5; i++) {
    const next = s.replace(/^\s*(re|aw|sv|fwd?|tl|tr|trả lời)\s*:\s*/i, '').replace(/\s*\[#\d+\]\s*/g, ' ').trim();
    if (next === s) break;
    s = next;
  }
  return `Re: ${s || `#${number}`} [#${number}]`;
}

/**
 * Sends an agent's reply by SMTP from the ticket's mailbox. The customer's address is the one the
 * last (non-automatic) inbound mail came from (its Reply-To), else their email identity. SMTP 5xx
 * answers are permanent (the message ends failed with the server's words); 4xx and connection
 * failures are thrown plainly so that the delivery job retries.
 */
export async function sendEmail(ctx: AppContext, req: OutboundRequest): Promise<SendResult> {
  const account = await mailboxFor(ctx, req.ticket.workspaceId, req.account);
  if (!account) throw new PermanentDeliveryError('no_account', 'the ticket has no mailbox to send from');
  if (!account.enabled) throw new PermanentDeliveryError('account_disabled', `the mailbox ${account.address} is disabled`);
  const configParsed = EmailAccountConfigSchema.safeParse(account.config);
  if (!configParsed.success || !configParsed.data.smtp) throw new PermanentDeliveryError('account_not_configured', `the mailbox ${account.address} has no SMTP settings`);
  const config = configParsed.data;
  const secrets = EmailAccountSecretsSchema.parse(account.secrets ?? {});

  const inbound = req.thread.filter((m) => m.direction === 'inbound' && !m.meta.auto);
  const lastInbound = inbound.at(-1);
  const to =
    (typeof lastInbound?.meta.replyAddress === 'string' && lastInbound.meta.replyAddress) ||
    req.customer.identities.find((i) => i.kind === 'email')?.value;
  if (!to) throw new PermanentDeliveryError('no_recipient', 'the customer has no email address');

  const messageId = outboundMessageId(req.message.id, config.address);
  // RFC 5322: a reply's References are its parent's References plus the parent's Message-ID. Our
  // parent is the customer's last mail; without one (we write first) the thread's ids stand in.
  const threadIds = req.thread.map((m) => m.externalId).filter(isMessageId);
  const parent = isMessageId(lastInbound?.externalId) ? lastInbound.externalId : undefined;
  const parentRefs = Array.isArray(lastInbound?.meta.references) ? lastInbound.meta.references.filter(isMessageId) : [];
  const chain = parent ? [...new Set([...parentRefs.filter((id) => id !== parent), parent])] : threadIds;
  const references = chain.length > MAX_REFERENCES ? [chain[0], ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
  const inReplyTo = parent ?? threadIds.at(-1);
  const subject = replySubject(req.ticket.subject, req.ticket.number);
  const fromName = config.displayName || account.name;
  const from = fromName ? { name: fromName, address: config.address } : config.address;
  // A survey message (meta.survey) gets one-click score links in its HTML part.
  const survey = renderSurveyEmail(req.message);
  const html = survey?.html ?? (req.message.contentType === 'html' ? req.message.body : plainToHtml(req.message.body));
  const text = survey?.text ?? (req.message.contentType === 'html' ? htmlToPlain(req.message.body) : req.message.body);

  const transport = smtpTransport(config, secrets);
  try {
    const info = await transport.sendMail({
      from,
      to,
      replyTo: config.address,
      subject,
      messageId,
      inReplyTo,
      references: references.length ? references : undefined,
      date: req.message.createdAt,
      text,
      html,
      attachments: req.message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.data })),
      headers: {
        // Lets a customer's auto-responder and mail filters see which conversation this is.
        'X-Tantam-Ticket': String(req.ticket.number),
      },
    });
    if (info.rejected.length > 0) {
      const why = (info as { rejectedErrors?: unknown[] }).rejectedErrors?.[0];
      throw new PermanentDeliveryError('recipient_rejected', why ? smtpReason(why) : `the server refused ${to}`);
    }
  } catch (err) {
    if (err instanceof PermanentDeliveryError) throw err;
    const code = smtpResponseCode(err);
    if (code !== undefined && code >= 500) throw new PermanentDeliveryError('recipient_rejected', smtpReason(err));
    throw new TemporaryDeliveryError('server_unavailable', smtpReason(err), { cause: err });
  } finally {
    transport.close();
  }
  return { externalId: messageId, threadKeys: [messageId], meta: { subject, from: fromName ? `${fromName} <${config.address}>` : config.address, to: [to] } };
}
