import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';

/** A local SMTP server that accepts any login and remembers every password it was sent. */
async function passwordSink(host: string) {
  const passwords: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      passwords.push(String(auth.password));
      cb(null, { user: auth.username });
    },
  });
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  return { passwords, port: (server.server.address() as net.AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('mailbox settings (issue 9 §8, §9)', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  const call = (method: 'POST' | 'PATCH', url: string, payload: unknown) => t.app.inject({ method, url, headers: { cookie: w.admin.cookie }, payload: payload as object });

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t, 'Shop Hộp Thư');
  });
  afterAll(() => t.close());

  it('changing the SMTP host, port or user needs the password again: a stored password never goes to a new server', async () => {
    const real = await passwordSink('127.0.0.1');
    const attacker = await passwordSink('127.0.0.2');
    try {
      const created = await call('POST', '/api/channel-accounts', {
        kind: 'email',
        name: 'Hỗ trợ',
        config: { address: 'hotro@hop-thu.vn', inbound: 'forward', smtp: { host: '127.0.0.1', port: real.port, secure: false, user: 'hotro' } },
        secrets: { smtpPassword: 'mat-khau-that' },
      });
      expect(created.statusCode).toBe(201);
      const id = (created.json().account ?? created.json()).id;
      expect(real.passwords).toEqual(['mat-khau-that']);

      for (const smtp of [
        { host: '127.0.0.2', port: attacker.port, secure: false, user: 'hotro' },
        { host: '127.0.0.1', port: attacker.port, secure: false, user: 'hotro' },
        { host: '127.0.0.1', port: real.port, secure: false, user: 'ke-gian' },
      ]) {
        const moved = await call('PATCH', `/api/channel-accounts/${id}`, { config: { smtp } });
        expect(moved.statusCode).toBe(400);
        expect(moved.json().error).toMatchObject({ id: 'channel.secret_required', details: [{ path: ['secrets', 'smtpPassword'] }] });
      }
      expect(attacker.passwords).toEqual([]);
      // Nothing changed on the account either.
      const row = await t.ctx.db.one<{ config: { smtp: { host: string } } }>('SELECT config FROM channel_accounts WHERE id = $1', [id]);
      expect(row.config.smtp.host).toBe('127.0.0.1');

      // Other settings keep the stored password; a new server with its password typed again is fine.
      expect((await call('PATCH', `/api/channel-accounts/${id}`, { config: { displayName: 'CSKH' } })).statusCode).toBe(200);
      const retyped = await call('PATCH', `/api/channel-accounts/${id}`, { config: { smtp: { host: '127.0.0.2', port: attacker.port, secure: false, user: 'hotro' } }, secrets: { smtpPassword: 'mat-khau-moi' } });
      expect(retyped.statusCode).toBe(200);
      expect(attacker.passwords).toEqual(['mat-khau-moi']);
    } finally {
      await real.close();
      await attacker.close();
    }
  });

  it('refuses loopback, private and link-local mail hosts unless ALLOW_PRIVATE_MAIL_HOSTS allows them, with one error for refused or closed ports', async () => {
    const env = t.ctx.env;
    env.ALLOW_PRIVATE_MAIL_HOSTS = false;
    try {
      for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '192.168.1.10', '172.20.0.1', '169.254.169.254', '::1', '[::1]', '::ffff:127.0.0.1', '0.0.0.0', '100.64.0.1', 'fe80::1']) {
        const r = await call('POST', '/api/channel-accounts', { kind: 'email', name: 'Dò cổng', config: { address: 'do-cong@hop-thu.vn', inbound: 'forward', smtp: { host, port: 6379, secure: false } } });
        expect([host, r.statusCode, r.json().error.id]).toEqual([host, 400, 'email.host_not_allowed']);
      }
      const imap = await call('POST', '/api/channel-accounts', { kind: 'email', name: 'Dò cổng', config: { address: 'do-cong@hop-thu.vn', inbound: 'imap', imap: { host: '127.0.0.1', port: 22, secure: false, user: 'x' } } });
      expect([imap.statusCode, imap.json().error.id, imap.json().error.details]).toEqual([400, 'email.host_not_allowed', { field: 'config.imap.host' }]);
    } finally {
      env.ALLOW_PRIVATE_MAIL_HOSTS = true;
    }

    // Allowed (as in tests): a refused port and a port that accepts then closes read the same.
    const refusedPort = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const closer = net.createServer((sock) => sock.destroy());
    await new Promise<void>((r) => closer.listen(0, '127.0.0.1', () => r()));
    const closingPort = (closer.address() as net.AddressInfo).port;
    try {
      const errors = [];
      for (const port of [refusedPort, closingPort]) {
        const r = await call('POST', '/api/channel-accounts', { kind: 'email', name: 'Dò', config: { address: 'do@hop-thu.vn', inbound: 'forward', smtp: { host: '127.0.0.1', port, secure: false } } });
        expect(r.statusCode).toBe(400);
        errors.push({ ...r.json().error, message: r.json().error.message.replace(`:${port} `, ':PORT ') });
      }
      expect(errors[0]).toEqual(errors[1]);
      expect(errors[0]).toMatchObject({ id: 'email.smtp_failed', message: expect.stringContaining('No SMTP server answered at 127.0.0.1:PORT') });
    } finally {
      await new Promise<void>((r) => closer.close(() => r()));
    }
  });
});
