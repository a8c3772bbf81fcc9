import { ImapFlow } from 'imapflow';
import type { ChannelAccount } from '../../../../core/channels/accounts.js';
import { saveAccountState, setAccountStatus } from '../../../../core/channels/accounts.js';
import type { Sql } from '../../../../core/db/types.js';
import type { EmailAccountConfig } from '../account.js';
import { describeImapError, imapClientOptions } from './connection.js';
import { ImapMessageError, syncOpenFolder, type ImapCursor, type ImapMessage } from './folder-sync.js';

export type ImapMessageHandler = (account: ChannelAccount, msg: ImapMessage) => Promise<unknown>;

export interface MailboxPollerOptions {
  /** Where the cursor and the account status are written. */
  db: Sql;
  onMessage: ImapMessageHandler;
  /** Re-check the folder this often even when IDLE says nothing (and the poll interval without IDLE). */
  pollSeconds?: number;
  /** Reconnect delays: doubling from initialMs up to maxMs. */
  backoff?: { initialMs: number; maxMs: number };
  /** A message that fails this many times in a row is stepped over (recorded in state.skippedUids). */
  maxAttempts?: number;
  batchSize?: number;
  /** Mails filed at once (default 4); a reply still waits for its original, a sender's mails keep their order. */
  concurrency?: number;
  /** After every completed pass (tests and the bench wait on it). */
  onSynced?(imported: number, account: ChannelAccount): void;
  log?(message: string): void;
}

/** The server closed a connection that had been working. */
class DroppedAfterGoodPass extends Error {
  readonly code = 'ECONNRESET';
  constructor() {
    super('the server closed the connection');
  }
}

export interface MailboxPoller {
  stop(): Promise<void>;
}

/** The state keys this poller owns inside channel_accounts.state. */
interface ImapState {
  uidValidity?: number;
  lastUid?: number;
  /** host/user/folder the cursor belongs to: another mailbox starts from scratch. */
  imapMailbox?: string;
  skippedUids?: number[];
}

/**
 * Keeps one mailbox folder imported: connect, open the folder READ-ONLY (EXAMINE), import everything
 * above the saved cursor, then wait for news — IDLE where the server offers it (imapflow starts it by
 * itself once the connection is quiet and reports new mail as 'exists'), else imapflow's NOOP polling —
 * and import again. Errors show on the account (status 'error' + reason) and the connection is rebuilt
 * with a doubling back-off; the status clears after the next good pass.
 *
 * The mailbox is never changed: no \Seen flags (EXAMINE + BODY.PEEK), no moves, no deletes, so the
 * customer-facing mailbox stays exactly as people see it in their mail client.
 */
export function startMailboxPoller(account: ChannelAccount, opts: MailboxPollerOptions): MailboxPoller {
  const imap = (account.config as EmailAccountConfig).imap!;
  const pollMs = (opts.pollSeconds ?? 60) * 1000;
  const backoff = opts.backoff ?? { initialMs: 1000, maxMs: 5 * 60_000 };
  const maxAttempts = opts.maxAttempts ?? 5;
  const mailboxKey = `${imap.host}:${imap.port}/${imap.user}/${imap.folder}`;
  const state = account.state as ImapState;
  let cursor: ImapCursor | null =
    state.imapMailbox === mailboxKey && state.uidValidity != null ? { uidValidity: state.uidValidity, lastUid: state.lastUid ?? 0 } : null;
  const skipped = new Set<number>(state.imapMailbox === mailboxKey ? (state.skippedUids ?? []) : []);
  const failures = new Map<number, { count: number; uidValidity: number }>();
  let shownStatus: 'ok' | 'error' | 'disabled' = account.status;
  let shownMessage = account.statusMessage;

  let stopped = false;
  let phase: 'connecting' | 'open' = 'connecting';
  let delay = backoff.initialMs;
  let client: ImapFlow | null = null;
  /** The current connection: has it had a good pass, has the server closed it. */
  let session_ = { good: false, closed: false };
  let wake: (() => void) | null = null;
  let news = false;
  const signal = () => {
    news = true;
    wake?.();
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const show = async (status: 'ok' | 'error', message: string | null) => {
    if (shownStatus === status && shownMessage === message) return;
    await setAccountStatus(opts.db, account.id, status, message);
    if (status === 'error') opts.log?.(`imap ${account.address}: ${message}`);
    else if (shownStatus === 'error') opts.log?.(`imap ${account.address}: working again`);
    shownStatus = status;
    shownMessage = message;
  };

  const saveCursor = async (c: ImapCursor) => {
    if (cursor?.uidValidity !== c.uidValidity) skipped.clear();
    cursor = c;
    await saveAccountState(opts.db, account.id, { uidValidity: c.uidValidity, lastUid: c.lastUid, imapMailbox: mailboxKey });
  };

  const onMessage = async (msg: ImapMessage) => {
    await opts.onMessage(account, msg);
    failures.delete(msg.uid);
  };

  /** Counts a failure against the message that could not be filed; after maxAttempts it is skipped for good. */
  const blame = async (err: ImapMessageError) => {
    const f = failures.get(err.uid);
    const count = f && f.uidValidity === err.uidValidity ? f.count + 1 : 1;
    failures.set(err.uid, { count, uidValidity: err.uidValidity });
    if (count < maxAttempts) return;
    skipped.add(err.uid);
    failures.delete(err.uid);
    await saveAccountState(opts.db, account.id, { skippedUids: [...skipped].slice(-100), imapMailbox: mailboxKey });
    opts.log?.(`imap ${account.address}: message UID ${err.uid} failed ${count} times; skipped`);
  };

  const session = async () => {
    const c = new ImapFlow(
      imapClientOptions(imap, account.secrets.imapPassword, {
        // IDLE begins one second after our last command (imapflow's default waits 15 s), and is
        // re-issued every poll interval (servers drop IDLE after ~30 min; without IDLE this is the NOOP poll).
        autoIdleDelay: 1000,
        maxIdleTime: pollMs,
      }),
    );
    client = c;
    phase = 'connecting';
    c.on('error', () => undefined); // the awaited calls and 'close' report it
    c.on('exists', signal);
    session_ = { good: false, closed: false };
    const mine = session_;
    c.once('close', () => {
      mine.closed = true;
      signal();
    });
    await c.connect();
    try {
      await c.mailboxOpen(imap.folder, { readOnly: true });
    } catch (err) {
      throw Object.assign(err as Error, { folderMissing: true });
    }
    phase = 'open';
    while (!stopped) {
      news = false;
      const { imported } = await syncOpenFolder(c, cursor, { onMessage, saveCursor, skip: skipped, shouldStop: () => stopped, batchSize: opts.batchSize, concurrency: opts.concurrency ?? 4 });
      await show('ok', null);
      mine.good = true;
      delay = backoff.initialMs;
      opts.onSynced?.(imported, account);
      if (!news && !stopped) await pause(pollMs);
      if ((mine.closed || !c.usable) && !stopped) throw new DroppedAfterGoodPass();
    }
  };

  let droppedRecently = false;
  const loop = async () => {
    while (!stopped) {
      let quiet = false;
      try {
        await session(); // returns only once stopped
      } catch (err) {
        if (stopped) break;
        // A working connection that the server closed (also when the close cut one of our commands short).
        const dropped = err instanceof DroppedAfterGoodPass || (session_.good && (session_.closed || !client?.usable) && !(err instanceof ImapMessageError));
        if (dropped && !droppedRecently) {
          // Servers end long-lived connections (restarts, idle limits): reconnect quietly once; only a
          // reconnect that fails, or drops that keep coming, show on the account.
          droppedRecently = true;
          setTimeout(() => (droppedRecently = false), 60_000).unref();
          quiet = true;
        } else {
          if (err instanceof ImapMessageError) await blame(err).catch(() => undefined);
          const reason = err instanceof ImapMessageError ? err.message : describeImapError(err, imap).message;
          await show('error', reason).catch(() => undefined);
        }
      } finally {
        const c = client;
        client = null;
        if (c?.usable) await c.logout().catch(() => c.close());
        else c?.close();
      }
      if (stopped) break;
      if (quiet) {
        await pause(Math.min(1000, backoff.initialMs));
        continue;
      }
      await pause(delay);
      delay = Math.min(delay * 2, backoff.maxMs);
    }
  };

  const running = loop();
  return {
    async stop() {
      stopped = true;
      wake?.();
      // Cut a pending connect/greeting short; an open session ends after the message being filed.
      if (client && phase === 'connecting') client.close();
      await running;
    },
  };
}
