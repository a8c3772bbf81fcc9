import type { ImapFlowOptions } from 'imapflow';
import type { EmailAccountConfig } from '../account.js';
import { isUnreachable, unreachableMessage } from '../mail-host-guard.js';

export type ImapSettings = NonNullable<EmailAccountConfig['imap']>;

/** Client options shared by the login test and the pollers (no library logging, bounded waits). */
export function imapClientOptions(imap: ImapSettings, password: string | undefined, extra: Partial<ImapFlowOptions> = {}): ImapFlowOptions {
  return {
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    auth: { user: imap.user, pass: password ?? '' },
    logger: false,
    // A mailbox that does not answer must show as an error soon, not hang a settings form.
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    ...extra,
  };
}

/** A reason an admin can act on for why we could not log in / open the folder. */
export function describeImapError(err: unknown, imap: ImapSettings): { message: string; field: string } {
  const e = (err ?? {}) as { code?: string; message?: string; authenticationFailed?: boolean; responseText?: string; serverResponseCode?: string };
  const where = `${imap.host}:${imap.port}`;
  const server = e.responseText ? ` (server: ${e.responseText})` : '';
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return { message: `Login to ${where} as ${imap.user} failed: wrong user name or password${server}`, field: 'secrets.imapPassword' };
  }
  if (e.serverResponseCode === 'NONEXISTENT' || ((e as { folderMissing?: boolean }).folderMissing && /exist|not found|unknown/i.test(e.responseText ?? ''))) {
    return { message: `The folder "${imap.folder}" does not exist in this mailbox${server}`, field: 'config.imap.folder' };
  }
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return { message: `Host ${imap.host} not found`, field: 'config.imap.host' };
  // Refused, closed and silent ports read the same: the test must not tell which ports are open.
  if (isUnreachable(err)) return { message: unreachableMessage('IMAP', imap.host, imap.port), field: 'config.imap.host' };
  switch (e.code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { message: `The TLS certificate of ${where} is not trusted (${e.code})`, field: 'config.imap.host' };
  }
  if (e.code?.startsWith('ERR_SSL') || /wrong version number|ssl|tls/i.test(e.message ?? '')) {
    return { message: `TLS with ${where} failed (is "secure" right for this port? 993 = TLS, 143 = plain/STARTTLS): ${e.message}`, field: 'config.imap.secure' };
  }
  // Only an IMAP server's own words are worth showing; anything else is "nothing answered".
  if (e.responseText) return { message: `IMAP error at ${where}: ${e.responseText}`, field: 'config.imap.host' };
  return { message: unreachableMessage('IMAP', imap.host, imap.port), field: 'config.imap.host' };
}
