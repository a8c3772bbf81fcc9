import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { AppContext } from '../../../core/context.js';
import { findAccountByAddress, type ChannelAccount } from '../../../core/channels/accounts.js';
import { AppError } from '../../../core/errors.js';
import { ingestRawEmail } from './ingest-raw.js';

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The built-in SMTP receiver for forwarding set-ups (MX-style delivery: no AUTH, no TLS of its own;
 * put it behind the MTA or a TLS-terminating proxy if it faces the internet).
 *
 * - RCPT is accepted only for the address of an enabled email account whose inbound is 'forward'
 *   (IMAP mailboxes are fetched, so mail for them here would be a second, unasked-for path): 550 otherwise.
 * - Size: SMTP_MAX_BYTES is announced (SIZE extension, MAIL FROM with a larger SIZE= gets 552) and
 *   enforced on the stream (552 after DATA).
 * - 250 is answered only after every recipient's ingest committed, so no mail is lost after our OK;
 *   a failure a retry may fix (the database away) answers 451 and the sending MTA retries (ingest is
 *   idempotent); one that would repeat on every attempt (the mail itself is refused: AppError 4xx)
 *   answers 554, so the sender gets a bounce today instead of retrying for days.
 */
export async function startSmtpReceiver(ctx: AppContext, opts: { port: number; host?: string }): Promise<SmtpReceiver> {
  const accounts = new WeakMap<SMTPServerSession, Map<string, ChannelAccount>>();
  const maxBytes = ctx.env.SMTP_MAX_BYTES;
  const server = new SMTPServer({
    name: 'tantam',
    banner: 'Tận Tâm mail receiver',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    maxClients: 200,
    onMailFrom(_address, session, callback) {
      // A new transaction on a reused connection starts with no recipients.
      accounts.delete(session);
      callback();
    },
    onRcptTo(address, session, callback) {
      const rcpt = address.address.toLowerCase();
      findAccountByAddress(ctx, 'email', rcpt)
        .then((account) => {
          if (!account || account.config.inbound !== 'forward') {
            return callback(smtpError(550, `5.1.1 <${rcpt}>: no such mailbox here`));
          }
          let map = accounts.get(session);
          if (!map) accounts.set(session, (map = new Map()));
          map.set(account.id, account);
          callback();
        })
        .catch(() => callback(smtpError(451, '4.3.0 temporary failure, try again later')));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
        // Past the limit we keep reading (the client must finish DATA) but stop buffering.
        if (bytes <= maxBytes) chunks.push(c);
      });
      stream.on('error', (err) => callback(smtpError(451, `4.3.0 ${err.message}`)));
      stream.on('end', () => {
        if (stream.sizeExceeded || bytes > maxBytes) {
          return callback(smtpError(552, `5.3.4 message exceeds the maximum size of ${maxBytes} bytes`));
        }
        // As the final delivery MTA we record the envelope sender (RFC 5321 §4.4): a null sender (<>) marks
        // automatic mail (RFC 3834), which classify.ts never lets open a ticket.
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const raw = Buffer.concat([Buffer.from(`Return-Path: <${mailFrom.replace(/[\r\n<>]/g, '')}>\r\n`), ...chunks]);
        const targets = [...(accounts.get(session)?.values() ?? [])];
        accounts.delete(session);
        Promise.all(targets.map((a) => ingestRawEmail(ctx, a, raw, { source: 'smtp' })))
          .then(() => callback(null, 'Message queued as accepted'))
          .catch((err) => {
            if (err instanceof AppError && err.status < 500) {
              // The error's id only: its message may quote the sender's data (no personal data in logs).
              console.error(`smtp receiver: mail refused (${err.id})`);
              return callback(smtpError(554, `5.6.0 message refused: ${err.id}`));
            }
            console.error('smtp receiver: ingest failed', (err as Error).message);
            callback(smtpError(451, '4.3.0 temporary failure, try again later'));
          });
      });
    },
    onClose(session) {
      accounts.delete(session);
    },
  });
  server.on('error', (err) => console.error('smtp receiver error:', err.message));
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once('error', onError);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
