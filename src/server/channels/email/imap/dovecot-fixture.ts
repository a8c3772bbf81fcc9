/**
 * For tests and the bench only: the local throwaway Dovecot of `scripts/dovecot-test.sh`
 * (127.0.0.1:10143, any user name, one password, a fresh maildir per user name).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import type { AppContext } from '../../../context.js';
import { newId } from '../../../lib/ids.js';
import type { EmailAccountConfig } from '../account.js';

export const DOVECOT = {
  host: '127.0.0.1',
  port: Number(process.env.TANTAM_DOVECOT_PORT ?? 10143),
  password: process.env.TANTAM_DOVECOT_PASSWORD ?? 'tantam-test',
};
const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../scripts/dovecot-test.sh');

const answers = () =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(DOVECOT.port, DOVECOT.host);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/** Makes sure the test Dovecot answers, starting it with the script when it does not; never skips. */
export async function ensureDovecot(): Promise<void> {
  if (await answers()) return;
  try {
    execFileSync('bash', [script], { stdio: 'pipe' });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`The test IMAP server (Dovecot) is not running and could not be started: run scripts/dovecot-test.sh\n${e.stderr?.toString() ?? e.message}`);
  }
  if (!(await answers())) throw new Error(`Dovecot does not answer on ${DOVECOT.host}:${DOVECOT.port}: run scripts/dovecot-test.sh`);
}

/** Ends every IMAP session of a user on the server side (as a server restart or idle limit would). */
export async function kickUser(user: string): Promise<void> {
  const conf = path.join(process.env.TANTAM_DOVECOT_DIR ?? '/tmp/tantam-dovecot', 'dovecot.conf');
  // anvil learns of a session a moment after login; "no users kicked" (exit 68) then just means "not yet".
  for (let attempt = 0; ; attempt++) {
    try {
      execFileSync('doveadm', ['-c', conf, 'kick', user], { stdio: 'pipe' });
      return;
    } catch (err) {
      const e = err as { status?: number; stderr?: Buffer };
      if (attempt >= 20) throw new Error(`doveadm kick ${user} failed (${e.status}): ${e.stderr?.toString() ?? ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A user name nobody used before: its own empty maildir, so files and reruns never collide. */
export const freshMailboxUser = (prefix = 'support') => `${prefix}-${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}@tantam.test`;

export function imapSettings(user: string, folder = 'INBOX'): NonNullable<EmailAccountConfig['imap']> {
  return { host: DOVECOT.host, port: DOVECOT.port, secure: false, user, folder };
}

/** A logged-in client for putting mail into a test mailbox (as a mail server's delivery would). */
export async function dovecotClient(user: string): Promise<ImapFlow> {
  const c = new ImapFlow({ host: DOVECOT.host, port: DOVECOT.port, secure: false, auth: { user, pass: DOVECOT.password }, logger: false, disableAutoIdle: true });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

export async function appendAll(user: string, raws: (string | Buffer)[], folder = 'INBOX', onEach?: () => void): Promise<void> {
  const c = await dovecotClient(user);
  try {
    for (const raw of raws) {
      await c.append(folder, raw);
      onEach?.();
    }
  } finally {
    await c.logout();
  }
}

/** A plain RFC 822 message; Vietnamese subjects and names are encoded (RFC 2047) as a mail client would. */
export function rawMail(m: {
  from: string;
  fromName?: string;
  to: string;
  subject: string;
  body: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
}): string {
  const enc = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`);
  const headers = [
    `From: ${m.fromName ? `${enc(m.fromName)} ` : ''}<${m.from}>`,
    `To: <${m.to}>`,
    `Subject: ${enc(m.subject)}`,
    `Date: ${(m.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${m.messageId}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.references?.length ? [`References: ${m.references.map((r) => `<${r}>`).join(' ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  const body = Buffer.from(m.body, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return `${headers.join('\r\n')}\r\n\r\n${body}\r\n`;
}

/** Adds an IMAP mailbox account straight into the table (as the settings page would, minus the login test). */
export async function insertImapAccount(
  ctx: AppContext,
  workspaceId: string,
  user: string,
  opts: { password?: string; folder?: string; name?: string } = {},
): Promise<string> {
  const id = newId();
  const config: EmailAccountConfig = { address: user.toLowerCase(), inbound: 'imap', imap: imapSettings(user, opts.folder) };
  await ctx.db.query(
    `INSERT INTO channel_accounts (id, workspace_id, kind, name, address, config, secrets) VALUES ($1, $2, 'email', $3, $4, $5, $6)`,
    [id, workspaceId, opts.name ?? 'Hộp thư hỗ trợ', config.address, JSON.stringify(config), ctx.secrets.seal({ imapPassword: opts.password ?? DOVECOT.password })],
  );
  return id;
}
