import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import { loadAccount, type ChannelAccount } from '../accounts.js';
import type { SeededWorkspace, TestApp } from '../../test/harness.js';

/** The shared test data folder beside the checkout (CI has shared/ next to it). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const fixturesDir = path.resolve(repoRoot, '..', 'shared', 'data', 'email-fixtures');

let n = 0;

/** Adds a mailbox through the API (as an admin would) and returns it with its secrets opened. */
export async function addMailbox(
  t: TestApp,
  ws: SeededWorkspace,
  config: Record<string, unknown> = {},
  secrets: Record<string, unknown> = {},
): Promise<ChannelAccount> {
  const address = (config.address as string) ?? `hotro-${Date.now().toString(36)}-${n++}@shop-test.vn`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/channel-accounts',
    headers: { cookie: ws.admin.cookie },
    payload: { kind: 'email', name: 'CSKH Cửa hàng', config: { inbound: 'forward', displayName: 'CSKH Cửa hàng', ...config, address }, secrets },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (await loadAccount(t.ctx, ws.workspaceId, res.json().id))!;
}

/** A local SMTP server that keeps every mail it receives (parsed), standing in for the provider's SMTP. */
export async function startSmtpSink(
  mails: { to: string[]; mail: ParsedMail }[] = [],
): Promise<{ port: number; mails: { to: string[]; mail: ParsedMail }[]; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), mail: await simpleParser(Buffer.concat(chunks)) });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.server.address() as AddressInfo).port, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}
