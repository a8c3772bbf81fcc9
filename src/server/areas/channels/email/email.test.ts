import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';
import { addMailbox, fixturesDir } from '../../../test/fixtures/email.js';
import type { Message } from '../../../../shared/tickets.js';

// Real servers end to end: nodemailer → our SMTP receiver → tickets; agent replies → nodemailer →
// a local smtp-server "sink" standing in for the mailbox provider's SMTP.

interface Sunk {
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}
const sunk: Sunk[] = [];
/** Recipients the sink refuses, with the reply code. */
const refuse = new Map<string, number>();
let sink: SMTPServer;
let sinkPort: number;

let t: TestApp;
let ws: SeededWorkspace;
let mailbox: ChannelAccount;
let receiver: SmtpReceiver;
let customerMail: Transporter;

beforeAll(async () => {
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      const code = refuse.get(address.address.toLowerCase());
      if (code) return cb(Object.assign(new Error(`${code === 550 ? '5.1.1' : '4.2.1'} <${address.address}>: Recipient address rejected: User unknown`), { responseCode: code }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        sunk.push({ from: (session.envelope.mailFrom as SMTPServerAddress).address, to: session.envelope.rcptTo.map((r) => r.address), raw, mail: await simpleParser(raw) });
        cb();
      });
    },
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  sinkPort = (sink.server.address() as AddressInfo).port;

  t = await createTestApp();
  ws = await seedWorkspace(t);
  mailbox = await addMailbox(t, ws, { address: 'hotro@cuahang-abc.vn', smtp: { host: '127.0.0.1', port: sinkPort, secure: false } });
  receiver = await startSmtpReceiver(t.ctx, { port: 0, host: '127.0.0.1' });
  customerMail = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  customerMail?.close();
  await receiver?.close();
  await new Promise<void>((r) => (sink ? sink.close(() => r()) : r()));
  await t?.close();
});
beforeEach(() => {
  sunk.length = 0;
  refuse.clear();
});

let seq = 0;
const mid = (tag = 'khach') => `<${tag}-${Date.now()}-${seq++}@khach.vn>`;

async function messageByExternalId(externalId: string) {
  return t.ctx.db.maybeOne<{ id: string; ticket_id: string }>('SELECT id, ticket_id FROM messages WHERE workspace_id = $1 AND external_id = $2', [ws.workspaceId, externalId]);
}
const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: { cookie: ws.admin.cookie } })).json();
const ticketOf = async (id: string) => (await get(`/api/tickets/${id}`)).ticket;
const threadOf = async (id: string): Promise<Message[]> => (await get(`/api/tickets/${id}/messages`)).messages;
const ticketCount = async () => Number((await t.ctx.db.one<{ n: string }>('SELECT count(*) AS n FROM tickets WHERE workspace_id = $1', [ws.workspaceId])).n);

async function agentReply(ticketId: string, body: string) {
  const res = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, headers: { cookie: ws.admin.cookie }, payload: { kind: 'reply', body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().message as { id: string; deliveryStatus: string };
}

describe('inbound through the SMTP receiver', () => {
  it('a new mail opens a ticket for a new customer, Vietnamese subject and name decoded', async () => {
    const messageId = mid();
    await customerMail.sendMail({
      from: { name: 'Nguyễn Thị Hoà', address: 'Hoa.Nguyen@khach.vn' },
      to: 'hotro@cuahang-abc.vn',
      subject: 'Hỏi về đơn hàng — giao chậm quá ạ',
      messageId,
      text: 'Chào shop, đơn hàng của em đặt từ thứ Hai vẫn chưa tới.\n\n--\nHoà\nSent from my iPhone',
      html: '<p>Chào shop, đơn hàng của em <b>đặt từ thứ Hai</b> vẫn chưa tới.</p><script>alert(1)</script><img src="x" onerror="alert(2)">',
      attachments: [{ filename: 'hoá-đơn.txt', content: 'Mã đơn: A123' }],
    });
    const m = await messageByExternalId(messageId);
    expect(m).toBeDefined();
    const ticket = await ticketOf(m!.ticket_id);
    expect(ticket.subject).toBe('Hỏi về đơn hàng — giao chậm quá ạ');
    expect(ticket.channel).toBe('email');
    expect(ticket.customer).toMatchObject({ name: 'Nguyễn Thị Hoà', email: 'hoa.nguyen@khach.vn' });
    const [msg] = await threadOf(m!.ticket_id);
    expect(msg.body).toBe('Chào shop, đơn hàng của em đặt từ thứ Hai vẫn chưa tới.');
    expect(msg.details.quoted).toContain('Sent from my iPhone');
    expect(msg.details).toMatchObject({ subject: 'Hỏi về đơn hàng — giao chậm quá ạ', from: 'Nguyễn Thị Hoà <hoa.nguyen@khach.vn>', to: ['hotro@cuahang-abc.vn'] });
    expect(msg.details.html).toContain('<b>đặt từ thứ Hai</b>');
    expect(msg.details.html).not.toMatch(/script|onerror/);
    expect(msg.attachments.map((a) => a.filename)).toEqual(['hoá-đơn.txt']);
  });

  it('RFC 2047 words in other charsets and encodings decode too', async () => {
    const messageId = mid();
    const raw = [
      'From: =?ISO-8859-1?Q?Jos=E9_Garc=EDa?= <jose@khach.vn>',
      'To: hotro@cuahang-abc.vn',
      `Message-ID: ${messageId}`,
      'Subject: =?UTF-8?Q?C=E1=BA=A7n_h=E1=BB=97_tr=E1=BB=A3?= =?UTF-8?B?IMSR4buVaSBow6BuZw==?=',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=windows-1252',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Gr=FC=DFe, caf=E9',
      '',
    ].join('\r\n');
    await customerMail.sendMail({ envelope: { from: 'jose@khach.vn', to: 'hotro@cuahang-abc.vn' }, raw });
    const m = await messageByExternalId(messageId);
    const ticket = await ticketOf(m!.ticket_id);
    expect(ticket.subject).toBe('Cần hỗ trợ đổi hàng');
    expect(ticket.customer.name).toBe('José García');
    expect((await threadOf(m!.ticket_id))[0].body).toBe('Grüße, café');
  });

  it('a reply with In-Reply-To, and one with only "[#N]" in the subject, join the ticket; a repeated delivery changes nothing', async () => {
    const first = mid();
    await customerMail.sendMail({ from: 'Lan <lan@khach.vn>', to: 'hotro@cuahang-abc.vn', subject: 'Đổi size áo', messageId: first, text: 'Em muốn đổi size M sang L.' });
    const m1 = (await messageByExternalId(first))!;
    const ticket = await ticketOf(m1.ticket_id);

    const second = mid();
    const reply = { from: 'Lan <lan@khach.vn>', to: 'hotro@cuahang-abc.vn', subject: 'Re: Đổi size áo', messageId: second, inReplyTo: first, references: [first], text: 'Em gửi thêm ảnh ạ.\n\nOn Mon, 3 Jun 2024 at 10:00, Lan <lan@khach.vn> wrote:\n> Em muốn đổi size M sang L.' };
    await customerMail.sendMail(reply);
    await customerMail.sendMail(reply);
    expect((await messageByExternalId(second))!.ticket_id).toBe(ticket.id);

    // Without headers (a new mail from the client) but with the ticket tag: same ticket, even though
    // the ticket is resolved meanwhile (reopened within the window).
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: { cookie: ws.admin.cookie }, payload: { status: 'resolved' } });
    const third = mid();
    await customerMail.sendMail({ from: 'lan@khach.vn', to: 'hotro@cuahang-abc.vn', subject: `Vẫn chưa đổi được [#${ticket.number}]`, messageId: third, text: 'Shop ơi?' });
    expect((await messageByExternalId(third))!.ticket_id).toBe(ticket.id);

    const thread = await threadOf(ticket.id);
    expect(thread.map((x) => x.body)).toEqual(['Em muốn đổi size M sang L.', 'Em gửi thêm ảnh ạ.', 'Shop ơi?']);
    expect(thread[1].details.quoted).toContain('> Em muốn đổi size M sang L.');

    // A new mail without any reference starts a new conversation (email keeps topics apart).
    const fourth = mid();
    await customerMail.sendMail({ from: 'lan@khach.vn', to: 'hotro@cuahang-abc.vn', subject: 'Chuyện khác', messageId: fourth, text: 'Cho em hỏi giờ mở cửa.' });
    expect((await messageByExternalId(fourth))!.ticket_id).not.toBe(ticket.id);
  });

  it('unknown recipients get 550; an oversized mail gets 552; an attachment over 5 MB is left out with a note', async () => {
    await expect(customerMail.sendMail({ from: 'a@khach.vn', to: 'khongco@cuahang-abc.vn', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });

    const small = await startSmtpReceiver({ ...t.ctx, env: { ...t.ctx.env, SMTP_MAX_BYTES: 20_000 } }, { port: 0, host: '127.0.0.1' });
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: small.port, secure: false, ignoreTLS: true });
    try {
      const before = await ticketCount();
      await expect(
        client.sendMail({ from: 'a@khach.vn', to: 'hotro@cuahang-abc.vn', subject: 'to', text: 'x', attachments: [{ filename: 'big.bin', content: Buffer.alloc(60_000, 7) }] }),
      ).rejects.toMatchObject({ responseCode: 552 });
      expect(await ticketCount()).toBe(before);
    } finally {
      client.close();
      await small.close();
    }

    const messageId = mid();
    await customerMail.sendMail({
      from: 'b@khach.vn', to: 'hotro@cuahang-abc.vn', subject: 'Video lỗi', messageId, text: 'Em gửi video ạ.',
      attachments: [{ filename: 'video.mp4', content: Buffer.alloc(6 * 1024 * 1024, 1) }, { filename: 'anh.png', content: Buffer.from('89504e47', 'hex') }],
    });
    const m = (await messageByExternalId(messageId))!;
    const [msg] = await threadOf(m.ticket_id);
    expect(msg.attachments.map((a) => a.filename)).toEqual(['anh.png']);
    expect(msg.body).toContain('video.mp4 (6.0 MB)');
  });

  it('a mail to a mailbox fetched by IMAP is not accepted here', async () => {
    await t.ctx.db.query(`UPDATE channel_accounts SET config = config || '{"inbound":"imap"}' WHERE id = $1`, [mailbox.id]);
    try {
      await expect(customerMail.sendMail({ from: 'a@khach.vn', to: 'hotro@cuahang-abc.vn', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    } finally {
      await t.ctx.db.query(`UPDATE channel_accounts SET config = config || '{"inbound":"forward"}' WHERE id = $1`, [mailbox.id]);
    }
  });
});

describe('outbound replies by SMTP', () => {
  async function conversation(from = 'minh@khach.vn') {
    const messageId = mid();
    await customerMail.sendMail({ from: { name: 'Trần Minh', address: from }, to: 'hotro@cuahang-abc.vn', subject: 'Bảo hành máy lọc nước', messageId, text: 'Máy nhà em bị rò nước.' });
    const m = (await messageByExternalId(messageId))!;
    return { ticketId: m.ticket_id, messageId };
  }

  it('an agent reply goes out with threading headers, and the customer reply to it threads back', async () => {
    const { ticketId, messageId } = await conversation();
    const ticket = await ticketOf(ticketId);
    const reply = await agentReply(ticketId, 'Dạ, bên em sẽ cử kỹ thuật qua kiểm tra ạ.');
    expect(reply.deliveryStatus).toBe('queued');
    await t.ctx.jobs.drain();

    expect(sunk).toHaveLength(1);
    const out = sunk[0];
    const ourId = `<tt-${reply.id}@cuahang-abc.vn>`;
    expect(out.to).toEqual(['minh@khach.vn']);
    expect(out.from).toBe('hotro@cuahang-abc.vn');
    expect(out.mail.messageId).toBe(ourId);
    expect(out.mail.inReplyTo).toBe(messageId);
    expect(out.mail.references).toBe(messageId);
    expect(out.mail.subject).toBe(`Re: Bảo hành máy lọc nước [#${ticket.number}]`);
    expect(out.mail.from?.value[0]).toMatchObject({ name: 'CSKH Cửa hàng', address: 'hotro@cuahang-abc.vn' });
    expect(out.mail.text?.trim()).toBe('Dạ, bên em sẽ cử kỹ thuật qua kiểm tra ạ.');
    expect(out.mail.html).toContain('Dạ, bên em sẽ cử kỹ thuật qua kiểm tra ạ.');

    const sent = (await threadOf(ticketId)).find((m) => m.id === reply.id);
    expect(sent).toMatchObject({ deliveryStatus: 'sent', externalId: ourId });

    // The customer's client answers our mail: In-Reply-To is our Message-ID.
    const answer = mid();
    await customerMail.sendMail({ from: 'minh@khach.vn', to: 'hotro@cuahang-abc.vn', subject: out.mail.subject!.replace(/ \[#\d+\]$/, ''), messageId: answer, inReplyTo: ourId, references: [messageId, ourId], text: 'Cảm ơn shop.' });
    expect((await messageByExternalId(answer))!.ticket_id).toBe(ticketId);

    // A second agent reply references the whole thread in order.
    const second = await agentReply(ticketId, 'Dạ vâng ạ.');
    await t.ctx.jobs.drain();
    expect(sunk[1].mail.inReplyTo).toBe(answer);
    expect(sunk[1].mail.references).toEqual([messageId, ourId, answer]);
    expect(sunk[1].mail.messageId).toBe(`<tt-${second.id}@cuahang-abc.vn>`);
  });

  it('a 550 from the server marks the reply failed with the reason; a 4xx keeps it queued for a retry', async () => {
    const { ticketId } = await conversation('khongton@tai.vn');
    refuse.set('khongton@tai.vn', 550);
    const reply = await agentReply(ticketId, 'Alo?');
    await t.ctx.jobs.drain();
    const failed = (await threadOf(ticketId)).find((m) => m.id === reply.id)!;
    expect(failed.deliveryStatus).toBe('failed');
    expect(failed.deliveryError).toMatch(/^550 5\.1\.1 <khongton@tai\.vn>: Recipient address rejected/);

    const other = await conversation('tamthoi@tai.vn');
    refuse.set('tamthoi@tai.vn', 451);
    const r2 = await agentReply(other.ticketId, 'Alo?');
    await t.ctx.jobs.drain();
    const queued = (await threadOf(other.ticketId)).find((m) => m.id === r2.id)!;
    expect(queued).toMatchObject({ deliveryStatus: 'queued', deliveryAttempts: 1 });
    expect(queued.deliveryError).toMatch(/^451/);
    expect(sunk).toHaveLength(0);
  });

  it('a bounce (DSN) of our reply marks it failed with the reason and opens no ticket', async () => {
    const { ticketId } = await conversation('doi-dia-chi@khach.vn');
    const reply = await agentReply(ticketId, 'Dạ em gửi hướng dẫn ạ.');
    await t.ctx.jobs.drain();
    expect((await threadOf(ticketId)).find((m) => m.id === reply.id)!.deliveryStatus).toBe('sent');
    const ourId = `<tt-${reply.id}@cuahang-abc.vn>`;

    const before = await ticketCount();
    const dsn = fs
      .readFileSync(path.join(fixturesDir, 'mailparser', 'delivery-status.eml'), 'utf8')
      .replace('Message-ID: <xxxxx@email.amazonses.com>', `Message-ID: ${ourId}`)
      .replace(/^To: xxxxx@gmail.com/m, 'To: hotro@cuahang-abc.vn');
    await customerMail.sendMail({ envelope: { from: '', to: 'hotro@cuahang-abc.vn' }, raw: dsn });
    // Delivered twice: still one failure, no ticket.
    await customerMail.sendMail({ envelope: { from: '', to: 'hotro@cuahang-abc.vn' }, raw: dsn });
    const bounced = (await threadOf(ticketId)).find((m) => m.id === reply.id)!;
    expect(bounced.deliveryStatus).toBe('failed');
    expect(bounced.deliveryError).toMatch(/^xxxx@xxxx\.com: Amazon SES did not send the message.*\(5\.1\.1\)$/);
    expect(await ticketCount()).toBe(before);
    expect(sunk).toHaveLength(1);
  });

  it('an out-of-office answer is recorded in its open ticket without reopening or answering anything; elsewhere it is dropped', async () => {
    const { ticketId } = await conversation('vang-mat@khach.vn');
    const reply = await agentReply(ticketId, 'Dạ shop đã nhận ạ.');
    await t.ctx.jobs.drain();
    const ourId = `<tt-${reply.id}@cuahang-abc.vn>`;
    sunk.length = 0;
    const statusBefore = (await ticketOf(ticketId)).status;
    const before = await ticketCount();

    const ooo = mid('ooo');
    await customerMail.sendMail({
      from: 'vang-mat@khach.vn', to: 'hotro@cuahang-abc.vn', subject: 'Trả lời tự động: Re: Bảo hành', messageId: ooo, inReplyTo: ourId,
      headers: { 'Auto-Submitted': 'auto-replied' }, text: 'Tôi đang nghỉ phép đến thứ Hai.',
    });
    const thread = await threadOf(ticketId);
    expect(thread.at(-1)).toMatchObject({ direction: 'inbound', body: 'Tôi đang nghỉ phép đến thứ Hai.', details: { auto: 'auto_reply' } });
    expect((await ticketOf(ticketId)).status).toBe(statusBefore);

    // Resolved: an auto-reply does not reopen it (and is dropped).
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticketId}`, headers: { cookie: ws.admin.cookie }, payload: { status: 'resolved' } });
    await customerMail.sendMail({ from: 'vang-mat@khach.vn', to: 'hotro@cuahang-abc.vn', subject: 'Out of Office', messageId: mid('ooo'), inReplyTo: ourId, headers: { 'X-Autoreply': 'yes' }, text: 'Away.' });
    expect((await ticketOf(ticketId)).status).toBe('resolved');
    expect(await threadOf(ticketId)).toHaveLength(thread.length);

    // Unthreaded auto-mail of every kind: no ticket.
    for (const headers of [{ 'Auto-Submitted': 'auto-generated' }, { Precedence: 'bulk' }, { 'List-Id': '<tin-tuc.shop.vn>' }, { 'X-Auto-Response-Suppress': 'All' }]) {
      await customerMail.sendMail({ from: 'robot@dichvu.vn', to: 'hotro@cuahang-abc.vn', subject: 'Thông báo', messageId: mid('auto'), headers, text: 'Tự động.' });
    }
    await customerMail.sendMail({ from: 'MAILER-DAEMON@mx.dichvu.vn', to: 'hotro@cuahang-abc.vn', subject: 'Undeliverable', messageId: mid('daemon'), text: 'Lỗi.' });
    // An auto-responder without headers, but sending with a null envelope sender (RFC 3834).
    await customerMail.sendMail({ envelope: { from: '', to: 'hotro@cuahang-abc.vn' }, from: 'nghi-phep@khach.vn', to: 'hotro@cuahang-abc.vn', subject: 'Re: Bảo hành', messageId: mid('null'), text: 'Tôi đang nghỉ.' });
    expect(await ticketCount()).toBe(before);
    await t.ctx.jobs.drain();
    expect(sunk).toHaveLength(0);
  });

  it('an email ticket opened through the API (no mailbox) replies from the workspace\'s only mailbox, to the customer\'s email', async () => {
    const token = await seedToken(t, ws.admin.cookie);
    const res = await t.app.inject({
      method: 'POST', url: '/api/inbound/messages', headers: { authorization: `Bearer ${token}` },
      payload: { channel: 'email', externalId: `api-${Date.now()}`, from: { kind: 'email', value: 'Qua.API@khach.vn', name: 'Khách API' }, subject: 'Từ form liên hệ', body: 'Nhờ shop gọi lại.' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const reply = await agentReply(res.json().ticketId, 'Dạ vâng.');
    await t.ctx.jobs.drain();
    expect(sunk).toHaveLength(1);
    expect(sunk[0].to).toEqual(['qua.api@khach.vn']);
    expect(sunk[0].mail.messageId).toBe(`<tt-${reply.id}@cuahang-abc.vn>`);
    expect(sunk[0].mail.inReplyTo).toBeUndefined();
  });

  it('a customer without an email address cannot be mailed (failed, not retried)', async () => {
    const { ticketId } = await conversation('se-xoa@khach.vn');
    // The address disappears from both the thread and the profile.
    await t.ctx.db.query(`UPDATE messages SET meta = meta - 'replyAddress' WHERE ticket_id = $1`, [ticketId]);
    const ticket = await ticketOf(ticketId);
    await t.ctx.db.query(`DELETE FROM customer_identities WHERE customer_id = $1`, [ticket.customer.id]);
    const reply = await agentReply(ticketId, 'Alo?');
    await t.ctx.jobs.drain();
    expect((await threadOf(ticketId)).find((m) => m.id === reply.id)).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'the customer has no email address' });
  });
});

describe('account test', () => {
  it('a mailbox whose SMTP server cannot be reached is refused with email.smtp_failed', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/channel-accounts',
      headers: { cookie: ws.admin.cookie },
      payload: { kind: 'email', name: 'Sai', config: { address: 'sai@cuahang-abc.vn', inbound: 'forward', smtp: { host: '127.0.0.1', port: 1, secure: false } } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe('email.smtp_failed');
    expect(res.json().error.message).toMatch(/127\.0\.0\.1:1/);
  });
});

describe('adapter start/stop', () => {
  it('start listens on SMTP_RECEIVER_PORT (with the IMAP pollers); stop closes it', async () => {
    const net = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const { emailChannel } = await import('./index.js');
    const stop = await emailChannel.start!({ ...t.ctx, env: { ...t.ctx.env, SMTP_RECEIVER_PORT: port, HOST: '127.0.0.1' } });
    const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    try {
      const messageId = mid('start');
      await client.sendMail({ from: 'start@khach.vn', to: 'hotro@cuahang-abc.vn', subject: 'Qua cổng cấu hình', messageId, text: 'Xin chào' });
      expect(await messageByExternalId(messageId)).toBeDefined();
    } finally {
      client.close();
      await stop();
    }
    const after = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
    await expect(after.sendMail({ from: 'a@khach.vn', to: 'hotro@cuahang-abc.vn', subject: 'x', text: 'x' })).rejects.toMatchObject({ code: 'ESOCKET' });
    after.close();
  });
});
