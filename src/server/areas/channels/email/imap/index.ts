/**
 * IMAP inbound for email: one poller per mailbox (IDLE where offered, else polling) that imports
 * every new message exactly once across restarts (UIDVALIDITY + last UID in channel_accounts.state)
 * and never changes the mailbox (read-only folder, no flags, moves or deletes).
 */
export { startImapPollers, rescanImapAccounts, defaultImapHandler, type ImapPollersOptions } from './pollers.js';
export { testImapLogin } from './test-login.js';
export { startMailboxPoller, type ImapMessageHandler, type MailboxPoller, type MailboxPollerOptions } from './mailbox-poller.js';
export { ImapMessageError, syncOpenFolder, type ImapCursor, type ImapMessage } from './folder-sync.js';
export { describeImapError } from './connection.js';
