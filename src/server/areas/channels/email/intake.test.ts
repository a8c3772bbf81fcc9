import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { addMailbox } from '../../../test/fixtures/email.js';
import type { FilteredMailList } from '../../../../shared/filtered-mail.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';

// Real-world mail that used to loop on 451, vanish, or split: each goes through the real SMTP receiver
// (nodemailer as the sending MTA) and we check the reply code and what was filed or recorded.

let t: TestApp;
let ws: SeededWorkspace;
let mailbox: ChannelAccount;
let receiver: SmtpReceiver;
let smtp: Transporter;
const TO = 'hotro-intake@cuahang-abc.vn';

beforeAll(async () => {
  t = await createTestApp();
  ws = await seedWorkspace(t);
  mailbox = await addMailbox(t, ws, { address: TO });
  receiver = await startSmtpReceiver(t.ctx, { port: 0, host: '127.0.0.1' });
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  smtp?.close();
  await receiver?.close();
  await t?.close();
});

let seq = 0;
const mid = (tag: string) => `<${tag}-${seq++}@intake.vn>`;

/** Sends raw bytes as an MTA would; returns the SMTP reply code (250, 4xx, 5xx). */
async function send(raw: string | Buffer, envelopeFrom = 'mta@khach.vn'): Promise<number> {
  try {
    const info = await smtp.sendMail({ envelope: { from: envelopeFrom, to: TO }, raw });
    return Number(String(info.response).slice(0, 3));
  } catch (err) {
    return (err as { responseCode?: number }).responseCode ?? -1;
  }
}

const mail = (headers: string[], body = 'Nội dung thư.', type = 'text/plain; charset=utf-8') =>
  [...headers, 'MIME-Version: 1.0', ...(headers.some((h) => /^content-type:/i.test(h)) ? [] : [`Content-Type: ${type}`]), '', body, ''].join('\r\n');

async function filed(messageId: string) {
  return t.ctx.db.maybeOne<{ id: string; ticket_id: string; body: string; meta: Record<string, unknown>; customer_id: string }>(
    'SELECT id, ticket_id, body, meta, customer_id FROM messages WHERE workspace_id = $1 AND external_id = $2',
    [ws.workspaceId, messageId],
  );
}
const get = async (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: ws.admin.cookie } });
const filteredList = async (q = '') => (await get(`/api/channel-accounts/${mailbox.id}/filtered-mail${q}`)).json() as FilteredMailList;
const customerOf = async (id: string) => t.ctx.db.one<{ name: string; email: string | null }>('SELECT name, email FROM customers WHERE id = $1', [id]);

describe('never an endless 451: odd senders and NUL bytes are filed', () => {
  it('a sender without a top-level domain files under a placeholder identity that keeps the address', async () => {
    const id = mid('notld');
    expect(await send(mail(['From: xxxxx@xxxxx', `To: ${TO}`, 'Subject: Không có TLD', `Message-ID: ${id}`]))).toBe(250);
    const m = (await filed(id))!;
    expect(m).toBeTruthy();
    const identities = await t.ctx.db.query<{ kind: string; value: string }>('SELECT kind, value FROM customer_identities WHERE customer_id = $1', [m.customer_id]);
    expect(identities).toEqual([{ kind: 'external', value: 'email:xxxxx@xxxxx' }]);
    expect((await customerOf(m.customer_id)).name).toBe('xxxxx@xxxxx');
  });

  it('the obsolete "jdoe@machine(comment). example" form files', async () => {
    const id = mid('obsolete');
    expect(await send(mail(['From: jdoe@machine(comment). example', `To: ${TO}`, 'Subject: Obsolete', `Message-ID: ${id}`]))).toBe(250);
    expect(await filed(id)).toBeTruthy();
  });

  it('a display name with "‹…>" files', async () => {
    const cases: [string, string][] = [
      ['‹Tuấn Anh> <tuan@khach.vn>', 'tuan@khach.vn'],
      ['"Tuấn" ‹tuan2@khach.vn>', 'tuan2@khach.vn'],
      ['=?UTF-8?B?4oC5VHXhuqVuPg==?= <tuan3@khach.vn>', 'tuan3@khach.vn'],
    ];
    for (const [from, email] of cases) {
      const id = mid('guillemet');
      expect(await send(mail([`From: ${from}`, `To: ${TO}`, 'Subject: Tên lạ', `Message-ID: ${id}`])), from).toBe(250);
      const m = (await filed(id))!;
      expect(m, from).toBeTruthy();
      expect((await customerOf(m.customer_id)).email, from).toBe(email);
    }
  });

  it('NUL bytes raw, as =00, in base64 and in the subject are dropped and the mail files', async () => {
    const cases: [string, string[], string][] = [
      ['raw', ['Content-Transfer-Encoding: 8bit'], 'Xin\u0000 chào'],
      ['qp', ['Content-Transfer-Encoding: quoted-printable'], 'Xin=00 ch=C3=A0o'],
      ['base64', ['Content-Transfer-Encoding: base64'], Buffer.from('Xin\u0000 chào', 'utf8').toString('base64')],
      ['subject', ['Content-Transfer-Encoding: 8bit'], 'Xin chào'],
    ];
    for (const [name, extra, body] of cases) {
      const id = mid(`nul-${name}`);
      const subject = name === 'subject' ? 'Subject: =?UTF-8?Q?C=C3=B3_NUL=00_=E1=BB=9F_=C4=91=C3=A2y?=' : 'Subject: NUL';
      expect(await send(mail([`From: nul-${name}@khach.vn`, `To: ${TO}`, subject, `Message-ID: ${id}`, ...extra], body)), name).toBe(250);
      const m = (await filed(id))!;
      expect(m, name).toBeTruthy();
      expect(m.body, name).toBe('Xin chào');
      if (name === 'subject') expect(m.meta.subject).toBe('Có NUL ở đây');
    }
  });
});

describe('nothing dropped without a trace', () => {
  it('no From: falls back to Sender, then Reply-To, then the envelope sender', async () => {
    const cases: [string[], string, string][] = [
      [['Sender: Thư ký <thuky@khach.vn>'], 'env1@khach.vn', 'thuky@khach.vn'],
      [['Reply-To: traloi@khach.vn'], 'env2@khach.vn', 'traloi@khach.vn'],
      [[], 'phongbi@khach.vn', 'phongbi@khach.vn'],
    ];
    for (const [extra, envelope, expectedEmail] of cases) {
      const id = mid('nofrom');
      expect(await send(mail([`To: ${TO}`, 'Subject: Không có From', `Message-ID: ${id}`, ...extra]), envelope)).toBe(250);
      const m = (await filed(id))!;
      expect(m, expectedEmail).toBeTruthy();
      expect((await customerOf(m.customer_id)).email).toBe(expectedEmail);
    }
  });

  it('a mail with no sender at all is recorded as filtered, and an admin can file it anyway', async () => {
    const id = mid('nosender');
    const raw = mail([`To: ${TO}`, 'Subject: Ai gửi vậy', `Message-ID: ${id}`], 'Thư không người gửi.');
    expect(await send(raw, '')).toBe(250);
    expect(await filed(id)).toBeUndefined();
    const item = (await filteredList('?reason=no_sender')).items.find((i) => i.subject === 'Ai gửi vậy')!;
    expect(item).toMatchObject({ reasonKind: 'no_sender', canFile: true, preview: 'Thư không người gửi.' });
    const res = await t.app.inject({ method: 'POST', url: `/api/channel-accounts/${mailbox.id}/filtered-mail/${item.id}/file`, headers: { cookie: ws.admin.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const m = (await filed(id))!;
    expect(res.json().ticketId).toBe(m.ticket_id);
    const again = (await filteredList('?reason=no_sender')).items.find((i) => i.id === item.id)!;
    expect(again).toMatchObject({ canFile: false, ticketId: m.ticket_id });
    // Filing twice changes nothing.
    const twice = await t.app.inject({ method: 'POST', url: `/api/channel-accounts/${mailbox.id}/filtered-mail/${item.id}/file`, headers: { cookie: ws.admin.cookie } });
    expect(twice.json()).toMatchObject({ ticketId: m.ticket_id, duplicate: true });
  });

  it('the filtered-mail view is for admins only and per mailbox', async () => {
    const other = await seedWorkspace(t, 'Khác');
    const res = await t.app.inject({ method: 'GET', url: `/api/channel-accounts/${mailbox.id}/filtered-mail`, headers: { cookie: other.admin.cookie } });
    expect(res.statusCode).toBe(404);
  });
});

describe('duplicates by content, not only by id', () => {
  it('a true re-delivery is one message; a different mail reusing the Message-ID is filed too', async () => {
    const id = mid('reused');
    const first = mail(['From: lan@khach.vn', `To: ${TO}`, 'Subject: Đơn A', `Message-ID: ${id}`, 'Date: Mon, 02 Nov 2026 08:00:00 +0000'], 'Nội dung một.');
    expect(await send(first)).toBe(250);
    expect(await send(first, 'other-path@khach.vn')).toBe(250);
    const other = mail(['From: lan@khach.vn', `To: ${TO}`, 'Subject: Đơn B', `Message-ID: ${id}`, 'Date: Mon, 02 Nov 2026 09:00:00 +0000'], 'Nội dung hai.');
    expect(await send(other)).toBe(250);
    expect(await send(other)).toBe(250);
    const rows = await t.ctx.db.query<{ body: string }>(`SELECT body FROM messages WHERE workspace_id = $1 AND meta->>'messageId' = $2 ORDER BY created_at`, [ws.workspaceId, id]);
    expect(rows.map((r) => r.body)).toEqual(['Nội dung một.', 'Nội dung hai.']);
    const dups = (await filteredList('?reason=duplicate')).items.filter((i) => i.subject === 'Đơn A' || i.subject === 'Đơn B');
    expect(dups.map((d) => d.subject).sort()).toEqual(['Đơn A', 'Đơn B']);
    expect(dups.every((d) => d.ticketId && !d.canFile)).toBe(true);
  });
});

describe('automated mail recognised wherever it signals it', () => {
  // The final MTA (our receiver) writes Return-Path from the envelope sender, so list managers' envelope addresses come as envelopes.
  const cases: [string, string[], string, string][] = [
    ['RT AutoReply (marker not at the start)', ['From: support@rt.example.org', 'Subject: [rt.example.org #33575] AutoReply: Đổi hàng'], 'support@rt.example.org', 'auto_reply'],
    ['LISTSERV (Sender is the list, Return-Path owner-…, no List-Id)', ['From: Thành viên <tv@khach.vn>', 'Sender: Discussion list <VN-L@LISTSERV.EXAMPLE.EDU>', 'Subject: Thảo luận'], 'owner-vn-l@LISTSERV.EXAMPLE.EDU', 'list'],
    ['mlmmj owner notice (+owner@)', ['From: vn-list+owner@lists.example.vn', 'Subject: Moderation request'], 'vn-list+owner@lists.example.vn', 'list'],
    ['mlmmj list mail (+bounces-…)', ['From: Danh sách <vn-list@lists.example.vn>', 'Subject: Tin mới'], 'vn-list+bounces-12-khach=khach.vn@lists.example.vn', 'list'],
    ['Mailman (-bounces)', ['From: Ai đó <aido@khach.vn>', 'Subject: Re: Câu hỏi'], 'vn-users-bounces@lists.example.vn', 'list'],
  ];
  for (const [name, headers, envelope, kind] of cases) {
    it(`${name}: no ticket, recorded as ${kind}`, async () => {
      const id = mid('auto');
      expect(await send(mail([...headers, `To: ${TO}`, `Message-ID: ${id}`]), envelope)).toBe(250);
      expect(await filed(id)).toBeUndefined();
      const subject = headers.find((h) => h.startsWith('Subject: '))!.slice(9);
      const item = (await filteredList()).items.find((i) => i.subject === subject);
      expect(item?.reasonKind).toBe(kind);
    });
  }

  it('an ordinary customer whose address merely contains "owner" or "bounce" still opens a ticket', async () => {
    for (const from of ['homeowner@khach.vn', 'owner@cuahang-khach.vn', 'bouncer@khach.vn']) {
      const id = mid('human');
      expect(await send(mail([`From: ${from}`, `To: ${TO}`, 'Subject: Khách thật', `Message-ID: ${id}`]), from)).toBe(250);
      expect(await filed(id), from).toBeTruthy();
    }
  });
});

describe('8-bit headers', () => {
  it('raw Latin-1/Windows-1252 bytes in headers decode with a fallback; UTF-8 headers are untouched', async () => {
    const id = mid('latin1');
    const raw = Buffer.concat([
      Buffer.from(`From: Jo\xe3o Gon\xe7alves <joao@khach.pt>\r\nTo: ${TO}\r\nSubject: Forma\xe7\xe3o \x96 Ver\xe3o 2026\r\nMessage-ID: ${id}\r\n`, 'latin1'),
      Buffer.from('MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOlá\r\n', 'utf8'),
    ]);
    expect(await send(raw)).toBe(250);
    const m = (await filed(id))!;
    expect(m.meta.subject).toBe('Formação – Verão 2026');
    expect((await customerOf(m.customer_id)).name).toBe('João Gonçalves');

    const utf = mid('utf8');
    expect(await send(Buffer.from(mail([`From: Nguyễn Văn Ánh <anh@khach.vn>`, `To: ${TO}`, 'Subject: Cần hỗ trợ gấp', `Message-ID: ${utf}`]), 'utf8'))).toBe(250);
    expect((await filed(utf))!.meta.subject).toBe('Cần hỗ trợ gấp');
  });
});

describe('remote images never load from inbound HTML', () => {
  it('img src, srcset, poster and CSS backgrounds are removed or kept only as data attributes', async () => {
    const id = mid('html');
    const html = [
      '<p style="background:url(https://track.example/bg.png)">Xin chào</p>',
      '<img src="https://track.example/pixel.gif?u=1" alt="pixel" width="1">',
      '<img src="//track.example/proto-relative.png">',
      '<img srcset="https://track.example/a.png 1x, https://track.example/b.png 2x">',
      '<video poster="https://track.example/poster.png"></video>',
      '<table background="https://track.example/table.png"><tr><td background="https://track.example/td.png">Ô</td></tr></table>',
      '<img src="data:image/png;base64,iVBORw0KGgo=">',
    ].join('');
    const raw = [`From: html@khach.vn`, `To: ${TO}`, 'Subject: HTML', `Message-ID: ${id}`, 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', html, ''].join('\r\n');
    expect(await send(raw)).toBe(250);
    const m = (await filed(id))!;
    const res = await get(`/api/tickets/${m.ticket_id}/messages`);
    const shown = (res.json().messages as { id: string; details: { html?: string } }[]).find((x) => x.id === m.id)!.details.html!;
    // No attribute that makes a browser fetch a remote URL is left.
    expect(shown).not.toMatch(/\s(src|srcset|poster|background|style)="[^"]*track\.example/);
    expect(shown).toContain('data-remote-src="https://track.example/pixel.gif?u=1"');
    expect(shown).toContain('data-remote-src="https://track.example/proto-relative.png"');
    expect(shown).toContain('data-remote-srcset="https://track.example/a.png 1x, https://track.example/b.png 2x"');
    expect(shown).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });

  it('HTML through the inbound API is cleaned the same way', async () => {
    const token = await seedToken(t, ws.admin.cookie);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/inbound/messages',
      headers: { authorization: `Bearer ${token}` },
      payload: { channel: 'api', externalId: 'html-1', from: { kind: 'email', value: 'api@khach.vn' }, body: '<p>Hi</p><img src="https://track.example/x.gif"><script>alert(1)</script>', contentType: 'html' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.ctx.db.one<{ body: string }>('SELECT body FROM messages WHERE id = $1', [res.json().messageId]);
    expect(row.body).toBe('<p>Hi</p><img data-remote-src="https://track.example/x.gif" />');
  });

  it('"load remote images" goes through our proxy: no cookies or Referer reach the sender; SVG and non-images are refused', async () => {
    const hits: { url?: string; cookie?: string; referer?: string }[] = [];
    const server = http.createServer((req, res) => {
      hits.push({ url: req.url, cookie: req.headers.cookie, referer: req.headers.referer });
      if (req.url?.startsWith('/svg')) return res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg onload="alert(1)"/>');
      if (req.url?.startsWith('/moved')) return res.writeHead(302, { location: '/pixel.gif' }).end();
      res.writeHead(200, { 'content-type': 'image/gif' }).end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await get(`/api/remote-image?url=${encodeURIComponent(`${base}/moved`)}`);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.headers['content-type']).toBe('image/gif');
      expect(ok.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(hits.map((h) => h.url)).toEqual(['/moved', '/pixel.gif']);
      expect(hits.every((h) => !h.cookie && !h.referer)).toBe(true);
      const svg = await get(`/api/remote-image?url=${encodeURIComponent(`${base}/svg`)}`);
      expect(svg.statusCode).toBe(502);
      expect(svg.json().error.id).toBe('remote_image.failed');
      const bad = await get(`/api/remote-image?url=${encodeURIComponent('file:///etc/passwd')}`);
      expect(bad.statusCode).toBe(400);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
