import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../../test/harness.js';
import { startImapPollers } from './index.js';
import { appendAll, DOVECOT, dovecotClient, ensureDovecot, freshMailboxUser, imapSettings, rawMail } from '../../../../test/fixtures/dovecot.js';

// End to end: a mailbox added through the API (its IMAP login tried before saving), real Dovecot,
// the real ingestRawEmail — tickets, customers and threading in the database.
let t: TestApp;
let ws: SeededWorkspace;

beforeAll(async () => {
  await ensureDovecot();
  t = await createTestApp();
  ws = await seedWorkspace(t);
});
afterAll(async () => {
  await t?.close();
});

const addMailbox = (user: string, imap: Partial<ReturnType<typeof imapSettings>> = {}, password = DOVECOT.password) =>
  t.app.inject({
    method: 'POST',
    url: '/api/channel-accounts',
    headers: { cookie: ws.admin.cookie },
    payload: { kind: 'email', name: 'CSKH Cửa hàng', config: { address: user, inbound: 'imap', imap: { ...imapSettings(user), ...imap } }, secrets: { imapPassword: password } },
  });

async function emailRows(accountId: string) {
  return t.ctx.db.query<{ external_id: string; ticket_id: string; body: string; customer_id: string }>(
    `SELECT m.external_id, m.ticket_id, m.body, t.customer_id FROM messages m JOIN tickets t ON t.id = m.ticket_id
      WHERE m.workspace_id = $1 AND m.channel_account_id = $2 AND m.direction = 'inbound' ORDER BY m.created_at, m.id`,
    [ws.workspaceId, accountId],
  );
}

async function waitFor(what: string, probe: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('adding an IMAP mailbox', () => {
  it('is refused with email.imap_failed and the reason when the login fails; nothing is saved', async () => {
    const user = freshMailboxUser();
    const wrong = await addMailbox(user, {}, 'sai-mat-khau');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ id: 'email.imap_failed', message: expect.stringMatching(/wrong user name or password/) });
    const closed = await addMailbox(user, { port: 1 });
    expect(closed.statusCode).toBe(400);
    expect(closed.json().error).toMatchObject({ id: 'email.imap_failed', message: expect.stringMatching(/No IMAP server answered at .*:1 /) });
    const rows = await t.ctx.db.query('SELECT 1 FROM channel_accounts WHERE workspace_id = $1 AND lower(address) = lower($2)', [ws.workspaceId, user]);
    expect(rows).toHaveLength(0);
  });
});

describe('IMAP import into tickets', () => {
  it('files mail as tickets of their customers, threads replies, and imports nothing twice across restarts', async () => {
    const user = freshMailboxUser();
    const created = await addMailbox(user);
    expect(created.statusCode, created.body).toBe(201);
    const accountId = created.json().id as string;

    await appendAll(user, [
      rawMail({ from: 'hoa.nguyen@example.vn', fromName: 'Nguyễn Thị Hoa', to: user, subject: 'Đơn hàng #A1 chưa giao', body: 'Shop ơi đơn A1 của em sao chưa giao ạ?', messageId: 'a1@example.vn' }),
      rawMail({ from: 'binh.tran@example.vn', fromName: 'Trần Văn Bình', to: user, subject: 'Hỏi về bảo hành', body: 'Máy lọc nước bảo hành bao lâu vậy shop?', messageId: 'b1@example.vn' }),
      rawMail({ from: 'hoa.nguyen@example.vn', fromName: 'Nguyễn Thị Hoa', to: user, subject: 'Re: Đơn hàng #A1 chưa giao', body: 'Em hỏi lại ạ, hôm nay giao được không?', messageId: 'a2@example.vn', inReplyTo: 'a1@example.vn', references: ['a1@example.vn'] }),
    ]);
    let stop = await startImapPollers(t.ctx, { rescanSeconds: 3600, pollSeconds: 3600, log: () => undefined });
    try {
      await waitFor('3 messages', async () => (await emailRows(accountId)).length === 3);
    } finally {
      await stop();
    }
    let rows = await emailRows(accountId);
    const byId = new Map(rows.map((r) => [r.external_id, r]));
    expect([...byId.keys()].sort()).toEqual(['<a1@example.vn>', '<a2@example.vn>', '<b1@example.vn>']);
    expect(byId.get('<a2@example.vn>')!.ticket_id).toBe(byId.get('<a1@example.vn>')!.ticket_id);
    expect(byId.get('<b1@example.vn>')!.ticket_id).not.toBe(byId.get('<a1@example.vn>')!.ticket_id);
    const hoa = await t.ctx.db.one<{ name: string; email: string }>('SELECT name, email FROM customers WHERE id = $1', [byId.get('<a1@example.vn>')!.customer_id]);
    expect(hoa).toEqual({ name: 'Nguyễn Thị Hoa', email: 'hoa.nguyen@example.vn' });

    // Later: one more reply and one mail without a Message-ID (filed under imap:<uidvalidity>:<uid>).
    await appendAll(user, [
      rawMail({ from: 'binh.tran@example.vn', fromName: 'Trần Văn Bình', to: user, subject: 'Re: Hỏi về bảo hành', body: 'Cảm ơn shop.', messageId: 'b2@example.vn', inReplyTo: 'b1@example.vn', references: ['b1@example.vn'] }),
      rawMail({ from: 'lan.le@example.vn', fromName: 'Lê Thị Lan', to: user, subject: 'Không có mã thư', body: 'Thư này không có Message-ID', messageId: 'x' }).replace(/^Message-ID: <x>\r\n/m, ''),
    ]);
    stop = await startImapPollers(t.ctx, { rescanSeconds: 3600, pollSeconds: 3600, log: () => undefined });
    try {
      await waitFor('5 messages', async () => (await emailRows(accountId)).length === 5);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await stop();
    }
    rows = await emailRows(accountId);
    expect(rows).toHaveLength(5);
    const b2 = rows.find((r) => r.external_id === '<b2@example.vn>')!;
    expect(b2.ticket_id).toBe(byId.get('<b1@example.vn>')!.ticket_id);
    const c = await dovecotClient(user);
    const box = await c.mailboxOpen('INBOX', { readOnly: true });
    await c.logout();
    expect(rows.map((r) => r.external_id)).toContain(`imap:${Number(box.uidValidity)}:5`);

    // The cursor thrown away (as after a UIDVALIDITY change): everything is handed over again, nothing doubles.
    await t.ctx.db.query(`UPDATE channel_accounts SET state = '{}' WHERE id = $1`, [accountId]);
    stop = await startImapPollers(t.ctx, { rescanSeconds: 3600, pollSeconds: 3600, log: () => undefined });
    try {
      await waitFor('a full pass', async () => {
        const s = await t.ctx.db.one<{ state: { lastUid?: number } }>('SELECT state FROM channel_accounts WHERE id = $1', [accountId]);
        return s.state.lastUid === 5;
      });
    } finally {
      await stop();
    }
    expect(await emailRows(accountId)).toHaveLength(5);
    const tickets = await t.ctx.db.query('SELECT id FROM tickets WHERE workspace_id = $1 AND channel_account_id = $2', [ws.workspaceId, accountId]);
    expect(tickets).toHaveLength(3);
  });
});
