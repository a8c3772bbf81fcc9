import { notifyStaffByEmail } from './staff-notice.js';
import type { AppContext } from '../../../core/context.js';
import { AppError } from '../../../core/errors.js';
import type { ChannelAdapter } from '../../../core/channels/types.js';
import { EmailAccountConfigSchema, EmailAccountSecretsSchema, type EmailAccountConfig, type EmailAccountSecrets } from './account.js';
import { filteredMailRoutes } from './filtered-mail.routes.js';
import { startImapPollers, testImapLogin } from './imap/index.js';
import { canSendEmail } from './can-send.js';
import { sendEmail } from './send.js';
import { startSmtpReceiver } from './smtp-receiver.js';
import { smtpReason, smtpTransport } from './transport.js';
import { assertPublicMailHost, isUnreachable, unreachableMessage } from './mail-host-guard.js';

/** Tries the mailbox's settings before they are saved: SMTP login (when set) and IMAP login (when fetching). */
async function testAccount(ctx: AppContext, config: Record<string, unknown>, secrets: Record<string, unknown>) {
  const c = config as EmailAccountConfig;
  const s = secrets as EmailAccountSecrets;
  // Not a probe of our own network: hosts on private addresses only where the install allows them.
  if (c.smtp) await assertPublicMailHost(c.smtp.host, 'config.smtp.host', ctx.env.ALLOW_PRIVATE_MAIL_HOSTS);
  if (c.inbound === 'imap' && c.imap) await assertPublicMailHost(c.imap.host, 'config.imap.host', ctx.env.ALLOW_PRIVATE_MAIL_HOSTS);
  if (c.smtp) {
    const transport = smtpTransport(c, s);
    try {
      await transport.verify();
    } catch (err) {
      if (isUnreachable(err)) throw new AppError(400, 'email.smtp_failed', unreachableMessage('SMTP', c.smtp.host, c.smtp.port), { field: 'config.smtp.host' });
      throw new AppError(400, 'email.smtp_failed', `Could not log in to the SMTP server ${c.smtp.host}:${c.smtp.port}: ${smtpReason(err)}`);
    } finally {
      transport.close();
    }
  }
  if (c.inbound === 'imap') {
    try {
      await testImapLogin(c, s);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError(400, 'email.imap_failed', `Could not log in to the IMAP server: ${(err as Error).message}`);
    }
  }
}

/**
 * The email channel: mailboxes fetched by IMAP (./imap) or forwarded to the built-in SMTP receiver,
 * both filed by ingestRawEmail; agent replies sent by SMTP with proper threading headers.
 */
export const emailChannel: ChannelAdapter = {
  kind: 'email',
  capabilities: { send: true, attachments: true, html: true, typing: false, buttons: false, startsConversationsBy: 'email' },
  account: {
    config: EmailAccountConfigSchema,
    secrets: EmailAccountSecretsSchema,
    address: (c) => String(c.address),
    test: testAccount,
    // A stored password goes only to the server, port and user it was typed for.
    secretsBoundTo: {
      imapPassword: ['imap.host', 'imap.port', 'imap.user', 'imap.secure'],
      smtpPassword: ['smtp.host', 'smtp.port', 'smtp.user', 'smtp.secure'],
    },
  },
  send: sendEmail,
  canSend: canSendEmail,
  notifyStaff: notifyStaffByEmail,
  async routes(app, ctx) {
    await app.register(filteredMailRoutes(ctx), { prefix: '/api' });
  },
  async start(ctx) {
    // Every worker instance may receive forwarded mail (a proxy or several MX hosts in front of them).
    const receiver = ctx.env.SMTP_RECEIVER_PORT > 0 ? await startSmtpReceiver(ctx, { port: ctx.env.SMTP_RECEIVER_PORT, host: ctx.env.HOST }) : undefined;
    return async () => {
      await receiver?.close();
    };
  },
  // One instance polls each mailbox: two pollers would fetch every message twice.
  lead: (ctx) => startImapPollers(ctx),
};

// For other areas and tests.
export { EmailAccountConfigSchema, EmailAccountSecretsSchema } from './account.js';
export type { EmailAccountConfig } from './account.js';
export { syncOpenFolder } from './imap/folder-sync.js';
export { startMailboxPoller } from './imap/mailbox-poller.js';
export { defaultImapHandler } from './imap/pollers.js';
export { startSmtpReceiver } from './smtp-receiver.js';
export type { SmtpReceiver } from './smtp-receiver.js';
export { smtpTransport } from './transport.js';
