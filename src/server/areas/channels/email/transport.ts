import nodemailer from 'nodemailer';
import type { EmailAccountConfig, EmailAccountSecrets } from './account.js';

/** A nodemailer SMTP transport for a mailbox's outgoing settings. */
export function smtpTransport(config: EmailAccountConfig, secrets: EmailAccountSecrets) {
  const smtp = config.smtp!;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: secrets.smtpPassword ?? '' } : undefined,
    // A hung server must not hold a delivery job for minutes: fail and let the queue retry.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

/** The SMTP reply code of a nodemailer error (5xx permanent, 4xx temporary), when the server gave one. */
export function smtpResponseCode(err: unknown): number | undefined {
  const e = err as { responseCode?: number; response?: string };
  if (typeof e.responseCode === 'number') return e.responseCode;
  const m = /^([245]\d\d)\b/.exec(e.response ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The server's own words when it refused ("550 5.1.1 <x@y>: Recipient address rejected"), else the error message. */
export function smtpReason(err: unknown): string {
  const e = err as { response?: string; message?: string };
  return (e.response || e.message || String(err)).trim().slice(0, 1000);
}
