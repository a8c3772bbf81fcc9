import { ImapFlow } from 'imapflow';
import { AppError } from '../../../../core/errors.js';
import type { EmailAccountConfig, EmailAccountSecrets } from '../account.js';
import { describeImapError, imapClientOptions } from './connection.js';

/**
 * Logs in to the mailbox and opens the folder read-only; throws AppError(400, 'email.imap_failed',
 * reason) when it cannot. `details.field` names the setting to fix (e.g. `secrets.imapPassword`).
 */
export async function testImapLogin(config: EmailAccountConfig, secrets: EmailAccountSecrets): Promise<void> {
  const imap = config.imap;
  if (!imap) throw new AppError(400, 'email.imap_failed', 'IMAP settings are needed to fetch mail', { field: 'config.imap' });
  const client = new ImapFlow(imapClientOptions(imap, secrets.imapPassword, { disableAutoIdle: true }));
  client.on('error', () => undefined); // reported through the awaited calls below
  try {
    await client.connect();
    await client.mailboxOpen(imap.folder, { readOnly: true }).catch((err) => {
      throw Object.assign(err as Error, { folderMissing: true });
    });
  } catch (err) {
    const { message, field } = describeImapError(err, imap);
    throw new AppError(400, 'email.imap_failed', message, { field });
  } finally {
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}
