import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../../test/harness.js';
import { loadAccount } from '../../../../core/channels/accounts.js';
import type { ImapMessageHandler } from './mailbox-poller.js';
import { startImapPollers, testImapLogin } from './index.js';
import { appendAll, DOVECOT, dovecotClient, ensureDovecot, freshMailboxUser, imapSettings, insertImapAccount, kickUser, rawMail } from '../../../../test/fixtures/dovecot.js';

// Real Dovecot (scripts/dovecot-test.sh) and a real database; the handler stands in for ingestRawEmail
// so the poller's own guarantees (order, exactly-once across restarts, errors) are seen directly.
let t: TestApp;
let ws: SeededWorkspace;
const seen = new Map<string, string[]>(); // account id → Message-IDs in the order they were filed
let failOn: ((messageId: string) => boolean) | null = null;

const handler: ImapMessageHandler = async (account, msg) => {
  const id = /^Message-ID: <([^>]+)>/im.exec(msg.source.toString('utf8'))?.[1] ?? `?${msg.uid}`;
  if (failOn?.(id)) throw new Error(`database is busy (${id})`);
  seen.set(account.id, [...(seen.get(account.id) ?? []), id]);
};

// One sender: the poller keeps a sender's mails in arrival order even when filing several at once.
const mails = (user: string, tag: string, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) =>
    rawMail({
      from: 'khach@example.vn',
      fromName: 'Nguyễn Thị Hoa',
      to: user,
      subject: `Đơn hàng ${tag}-${from + i} chưa giao`,
      body: 'Shop ơi đơn của mình sao chưa giao ạ?',
      messageId: `${tag}-${from + i}@example.vn`,
    }),
  );

type Falsy = false | null | undefined;
async function waitFor<T>(what: string, probe: () => Promise<T | Falsy> | T | Falsy, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const quick = { onMessage: handler, rescanSeconds: 3600, pollSeconds: 3600, backoff: { initialMs: 100, maxMs: 500 }, log: () => undefined };

beforeAll(async () => {
  await ensureDovecot();
  t = await createTestApp();
  ws = await seedWorkspace(t);
});
afterAll(async () => {
  await t?.close();
});
// Each test starts pollers for the enabled mailboxes: only its own.
afterEach(async () => {
  await t.ctx.db.query('UPDATE channel_accounts SET enabled = false');
});

describe('IMAP poller (Dovecot)', () => {
  it('imports every message once, oldest first, without touching the mailbox; a restart fetches only new mail', async () => {
    const user = freshMailboxUser();
    await appendAll(user, mails(user, 'a', 7));
    const id = await insertImapAccount(t.ctx, ws.workspaceId, user);

    let stop = await startImapPollers(t.ctx, { ...quick, batchSize: 3 }); // several batches
    await waitFor('7 messages', () => seen.get(id)?.length === 7);
    await stop();
    expect(seen.get(id)).toEqual(Array.from({ length: 7 }, (_, i) => `a-${i}@example.vn`));
    const state = (await loadAccount(t.ctx, ws.workspaceId, id))!.state;
    expect(state).toMatchObject({ lastUid: 7, uidValidity: expect.any(Number) });

    // The customer's mailbox is as it was: nothing marked read, moved or deleted.
    const c = await dovecotClient(user);
    await c.mailboxOpen('INBOX', { readOnly: true });
    const flags = await c.fetchAll('1:*', { flags: true });
    await c.logout();
    expect(flags).toHaveLength(7);
    expect(flags.every((m) => !m.flags?.has('\\Seen') && !m.flags?.has('\\Deleted'))).toBe(true);

    // Stopped: more mail arrives; the next start (same database) fetches only that.
    await appendAll(user, mails(user, 'a', 3, 7));
    stop = await startImapPollers(t.ctx, quick);
    await waitFor('10 messages', () => seen.get(id)?.length === 10);
    await new Promise((r) => setTimeout(r, 300));
    await stop();
    expect(seen.get(id)!.slice(7)).toEqual(['a-7@example.vn', 'a-8@example.vn', 'a-9@example.vn']);
    expect(new Set(seen.get(id)).size).toBe(10);
  });

  it('a message arriving while connected comes in over IDLE within seconds', async () => {
    const user = freshMailboxUser();
    const id = await insertImapAccount(t.ctx, ws.workspaceId, user);
    let passes = 0;
    // pollSeconds 3600: only IDLE can bring the new mail in during this test.
    const stop = await startImapPollers(t.ctx, { ...quick, onSynced: (_n, a) => a.id === id && passes++ });
    try {
      await waitFor('the first pass', () => passes > 0);
      await new Promise((r) => setTimeout(r, 1500)); // imapflow starts IDLE 1 s after the last command
      await appendAll(user, mails(user, 'idle', 1));
      await waitFor('the IDLE delivery', () => seen.get(id)?.length === 1, 8000);
      expect(seen.get(id)).toEqual(['idle-0@example.vn']);
    } finally {
      await stop();
    }
  });

  it('reconnects by itself when the server drops the connection, without showing an error', async () => {
    const user = freshMailboxUser();
    const id = await insertImapAccount(t.ctx, ws.workspaceId, user);
    let passes = 0;
    const problems: string[] = [];
    const stop = await startImapPollers(t.ctx, { ...quick, onSynced: (_n, a) => a.id === id && passes++, log: (m) => problems.push(m) });
    try {
      await waitFor('the first pass', () => passes > 0);
      await kickUser(user);
      await waitFor('a pass on the new connection', () => passes > 1);
      await new Promise((r) => setTimeout(r, 1500)); // IDLE again
      await appendAll(user, mails(user, 'k', 1));
      await waitFor('the mail after the drop', () => seen.get(id)?.length === 1, 8000);
      expect((await loadAccount(t.ctx, ws.workspaceId, id))!.status).toBe('ok');
      expect(problems).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('a message that fails to file keeps the cursor before it, shows the error, and comes in on the retry', async () => {
    const user = freshMailboxUser();
    await appendAll(user, mails(user, 'f', 4));
    const id = await insertImapAccount(t.ctx, ws.workspaceId, user);
    let failures = 0;
    failOn = (mid) => mid === 'f-2@example.vn' && failures++ < 1;
    const stop = await startImapPollers(t.ctx, quick);
    try {
      await waitFor('4 messages', () => seen.get(id)?.length === 4);
      expect(seen.get(id)).toEqual(['f-0@example.vn', 'f-1@example.vn', 'f-2@example.vn', 'f-3@example.vn']);
      expect(failures).toBe(2); // failed once, then the retry passed
      const account = await waitFor('status ok', async () => {
        const a = (await loadAccount(t.ctx, ws.workspaceId, id))!;
        return a.status === 'ok' && a;
      });
      expect(account.statusMessage).toBeNull();
    } finally {
      failOn = null;
      await stop();
    }
  });

  it('a message that keeps failing is skipped after 5 attempts, so the mailbox is not blocked', async () => {
    const user = freshMailboxUser();
    await appendAll(user, mails(user, 'p', 3));
    const id = await insertImapAccount(t.ctx, ws.workspaceId, user);
    failOn = (mid) => mid === 'p-1@example.vn';
    const stop = await startImapPollers(t.ctx, quick);
    try {
      await waitFor('the other messages', () => seen.get(id)?.length === 2, 15_000);
      expect(seen.get(id)).toEqual(['p-0@example.vn', 'p-2@example.vn']);
      // The cursor is written just after the handler returns.
      const a = await waitFor('the cursor past the skipped mail', async () => {
        const acc = (await loadAccount(t.ctx, ws.workspaceId, id))!;
        return acc.state.lastUid === 3 && acc;
      });
      expect(a.state).toMatchObject({ lastUid: 3, skippedUids: [2] });
    } finally {
      failOn = null;
      await stop();
    }
  });

  it('a wrong password shows on the account; fixing it clears the error and imports', async () => {
    const user = freshMailboxUser();
    await appendAll(user, mails(user, 'w', 2));
    const id = await insertImapAccount(t.ctx, ws.workspaceId, user, { password: 'sai-mat-khau' });
    const stop = await startImapPollers(t.ctx, quick);
    try {
      const bad = await waitFor('status error', async () => {
        const a = (await loadAccount(t.ctx, ws.workspaceId, id))!;
        return a.status === 'error' && a;
      });
      expect(bad.statusMessage).toMatch(/wrong user name or password/);
      expect(seen.get(id)).toBeUndefined();

      await t.ctx.db.query('UPDATE channel_accounts SET secrets = $2 WHERE id = $1', [id, t.ctx.secrets.seal({ imapPassword: DOVECOT.password })]);
      const { rescanImapAccounts } = await import('./index.js');
      await rescanImapAccounts();
      await waitFor('2 messages', () => seen.get(id)?.length === 2);
      const good = await waitFor('status ok', async () => {
        const a = (await loadAccount(t.ctx, ws.workspaceId, id))!;
        return a.status === 'ok' && a;
      });
      expect(good.statusMessage).toBeNull();
    } finally {
      await stop();
    }
  });

  it('a new UIDVALIDITY (folder rebuilt) re-reads the folder from the start', async () => {
    const user = freshMailboxUser();
    const c = await dovecotClient(user);
    await c.mailboxCreate('Support');
    await c.logout();
    await appendAll(user, mails(user, 'v', 2), 'Support');
    const id = await insertImapAccount(t.ctx, ws.workspaceId, user, { folder: 'Support' });
    let stop = await startImapPollers(t.ctx, quick);
    await waitFor('2 messages', () => seen.get(id)?.length === 2);
    await stop();
    const before = (await loadAccount(t.ctx, ws.workspaceId, id))!.state;

    const c2 = await dovecotClient(user);
    await c2.mailboxDelete('Support');
    await c2.mailboxCreate('Support');
    await c2.logout();
    await appendAll(user, [...mails(user, 'v', 2), ...mails(user, 'v', 1, 2)], 'Support');
    stop = await startImapPollers(t.ctx, quick);
    await waitFor('the folder read again', () => seen.get(id)?.length === 5);
    await stop();
    const after = (await loadAccount(t.ctx, ws.workspaceId, id))!.state;
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after.lastUid).toBe(3);
    // The same mails are handed over again; ingest's Message-ID idempotency files them once.
    expect(seen.get(id)).toEqual(['v-0@example.vn', 'v-1@example.vn', 'v-0@example.vn', 'v-1@example.vn', 'v-2@example.vn']);
  });

  it('follows the accounts table: a disabled mailbox stops, an enabled one starts', async () => {
    const user = freshMailboxUser();
    const id = await insertImapAccount(t.ctx, ws.workspaceId, user);
    await t.ctx.db.query('UPDATE channel_accounts SET enabled = false WHERE id = $1', [id]);
    const { rescanImapAccounts } = await import('./index.js');
    const stop = await startImapPollers(t.ctx, quick);
    try {
      await appendAll(user, mails(user, 'e', 1));
      await new Promise((r) => setTimeout(r, 500));
      expect(seen.get(id)).toBeUndefined();
      await t.ctx.db.query('UPDATE channel_accounts SET enabled = true WHERE id = $1', [id]);
      await rescanImapAccounts();
      await waitFor('the message', () => seen.get(id)?.length === 1);
      await t.ctx.db.query('UPDATE channel_accounts SET enabled = false WHERE id = $1', [id]);
      await rescanImapAccounts();
      await appendAll(user, mails(user, 'e', 1, 1));
      await new Promise((r) => setTimeout(r, 1500));
      expect(seen.get(id)).toEqual(['e-0@example.vn']);
    } finally {
      await stop();
    }
  });
});

describe('changed settings', () => {
  it('restart the poller on the new folder, whose own cursor starts from scratch', async () => {
    const user = freshMailboxUser();
    await appendAll(user, mails(user, 'in', 2));
    const c = await dovecotClient(user);
    await c.mailboxCreate('Archive');
    await c.logout();
    await appendAll(user, mails(user, 'ar', 3), 'Archive');
    const id = await insertImapAccount(t.ctx, ws.workspaceId, user);
    const { rescanImapAccounts } = await import('./index.js');
    const stop = await startImapPollers(t.ctx, quick);
    try {
      await waitFor('the inbox', () => seen.get(id)?.length === 2);
      await t.ctx.db.query(`UPDATE channel_accounts SET config = jsonb_set(config, '{imap,folder}', '"Archive"') WHERE id = $1`, [id]);
      await rescanImapAccounts();
      await waitFor('the archive', () => seen.get(id)?.length === 5);
      expect(seen.get(id)!.slice(2)).toEqual(['ar-0@example.vn', 'ar-1@example.vn', 'ar-2@example.vn']);
      const state = await waitFor('the new cursor', async () => {
        const a = (await loadAccount(t.ctx, ws.workspaceId, id))!;
        return a.state.lastUid === 3 && a.state;
      });
      expect(state.imapMailbox).toMatch(/\/Archive$/);
    } finally {
      await stop();
    }
  });
});

describe('filing several mails at once', () => {
  it('never lets a reply overtake its original, nor a sender\'s later mail their earlier one', async () => {
    const user = freshMailboxUser();
    // 4 senders × 6 mails; every third mail answers an earlier one of another sender's thread.
    const raws: string[] = [];
    const deps = new Map<string, string[]>();
    const lastOf = new Map<string, string>();
    for (let i = 0; i < 24; i++) {
      const sender = `khach${i % 4}@example.vn`;
      const id = `c-${i}@example.vn`;
      const answers = i % 3 === 2 ? `c-${i - 2}@example.vn` : undefined;
      deps.set(id, [answers, lastOf.get(sender)].filter((x): x is string => !!x));
      lastOf.set(sender, id);
      raws.push(rawMail({ from: sender, to: user, subject: `Hỏi ${i}`, body: 'Xin chào', messageId: id, inReplyTo: answers, references: answers ? [answers] : undefined }));
    }
    await appendAll(user, raws);
    const id = await insertImapAccount(t.ctx, ws.workspaceId, user);
    let inFlight = 0;
    let maxInFlight = 0;
    const slow: ImapMessageHandler = async (account, msg) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5 + ((msg.uid * 7) % 20)));
      inFlight--;
      await handler(account, msg);
    };
    const stop = await startImapPollers(t.ctx, { ...quick, onMessage: slow, concurrency: 4, batchSize: 5 });
    try {
      await waitFor('24 messages', () => seen.get(id)?.length === 24);
    } finally {
      await stop();
    }
    const order = seen.get(id)!;
    expect(new Set(order).size).toBe(24);
    for (const [mid, before] of deps) for (const b of before) expect(order.indexOf(b), `${b} before ${mid}`).toBeLessThan(order.indexOf(mid));
    expect(maxInFlight).toBeGreaterThan(1);
    expect((await loadAccount(t.ctx, ws.workspaceId, id))!.state.lastUid).toBe(24);
  });
});

describe('testImapLogin', () => {
  const fail = async (p: Promise<unknown>) => {
    const err = (await p.then(() => null, (e) => e)) as { status: number; id: string; message: string; details?: { field: string } } | null;
    expect(err).toMatchObject({ status: 400, id: 'email.imap_failed' });
    return err!;
  };
  const cfg = (imap: ReturnType<typeof imapSettings>) => ({ address: imap.user, inbound: 'imap' as const, imap });

  it('passes with the right settings', async () => {
    await expect(testImapLogin(cfg(imapSettings(freshMailboxUser())), { imapPassword: DOVECOT.password })).resolves.toBeUndefined();
  });
  it('names a wrong password', async () => {
    const err = await fail(testImapLogin(cfg(imapSettings(freshMailboxUser())), { imapPassword: 'sai' }));
    expect(err.message).toMatch(/wrong user name or password/);
    expect(err.details?.field).toBe('secrets.imapPassword');
  });
  it('names an unreachable host/port', async () => {
    const err = await fail(testImapLogin(cfg({ ...imapSettings(freshMailboxUser()), port: 1 }), { imapPassword: DOVECOT.password }));
    expect(err.message).toMatch(/No IMAP server answered at 127\.0\.0\.1:1 /);
  });
  it('names a missing folder', async () => {
    const err = await fail(testImapLogin(cfg(imapSettings(freshMailboxUser(), 'Không có')), { imapPassword: DOVECOT.password }));
    expect(err.message).toMatch(/folder "Không có" does not exist/);
  });
  it('names TLS spoken to a plain port', async () => {
    const err = await fail(testImapLogin(cfg({ ...imapSettings(freshMailboxUser()), secure: true }), { imapPassword: DOVECOT.password }));
    expect(err.message).toMatch(/TLS|closed the connection|timed out/);
    expect(err.details?.field).toMatch(/config\.imap\.(secure|port|host)/);
  });
});
