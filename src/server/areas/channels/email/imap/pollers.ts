import type { AppContext } from '../../../../core/context.js';
import { listEnabledAccounts, type ChannelAccount } from '../../../../core/channels/accounts.js';
import { ingestRawEmail } from '../ingest-raw.js';
import { startMailboxPoller, type ImapMessageHandler, type MailboxPoller, type MailboxPollerOptions } from './mailbox-poller.js';

export interface ImapPollersOptions extends Partial<Omit<MailboxPollerOptions, 'db' | 'onMessage'>> {
  /** Files one fetched message; default: ingestRawEmail (idempotent on the Message-ID). */
  onMessage?: ImapMessageHandler;
  /** How often the account list is re-read for added, changed and removed mailboxes. */
  rescanSeconds?: number;
}

const managers = new Set<() => Promise<void>>();

/** Re-reads the mailboxes now (e.g. right after an account was added or changed in settings). */
export async function rescanImapAccounts(): Promise<void> {
  await Promise.all([...managers].map((rescan) => rescan()));
}

export const defaultImapHandler =
  (ctx: AppContext): ImapMessageHandler =>
  (account, msg) =>
    ingestRawEmail(ctx, account, msg.source, { source: 'imap', fallbackId: `imap:${msg.uidValidity}:${msg.uid}` });

/** What restarts a poller when it changes: any setting (connection, address, name) or the IMAP password. */
const fingerprint = (a: ChannelAccount) => JSON.stringify([a.address, a.config, a.secrets.imapPassword ?? null]);

/**
 * One poller per enabled email account with `inbound: 'imap'`, kept in step with the accounts table:
 * every `rescanSeconds` (and on rescanImapAccounts()) new mailboxes start, changed ones restart with
 * their new settings (after the old one has finished its current message), removed/disabled ones stop.
 */
export async function startImapPollers(ctx: AppContext, opts: ImapPollersOptions = {}): Promise<() => Promise<void>> {
  const onMessage = opts.onMessage ?? defaultImapHandler(ctx);
  const running = new Map<string, { fingerprint: string; poller: MailboxPoller }>();
  const log = opts.log ?? ((m: string) => console.warn(m));
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();

  const scan = async () => {
    if (stopped) return;
    const accounts = (await listEnabledAccounts(ctx, 'email')).filter((a) => a.config.inbound === 'imap' && a.config.imap);
    const wanted = new Map(accounts.map((a) => [a.id, a]));
    for (const [id, r] of running) {
      const next = wanted.get(id);
      if (next && fingerprint(next) === r.fingerprint) continue;
      running.delete(id);
      await r.poller.stop();
    }
    for (const account of accounts) {
      if (running.has(account.id) || stopped) continue;
      const poller = startMailboxPoller(account, { ...opts, db: ctx.db, onMessage, log });
      running.set(account.id, { fingerprint: fingerprint(account), poller });
    }
  };
  // Scans never overlap: each waits for the one before.
  const rescan = () => {
    chain = chain.then(scan).catch((err) => log(`imap: reading the mailboxes failed: ${(err as Error).message}`));
    return chain;
  };

  await rescan();
  managers.add(rescan);
  const timer = setInterval(rescan, (opts.rescanSeconds ?? 30) * 1000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    managers.delete(rescan);
    await chain;
    await Promise.all([...running.values()].map((r) => r.poller.stop()));
    running.clear();
  };
}
