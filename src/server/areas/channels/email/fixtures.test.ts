import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { ingestRawEmail, type IngestRawResult } from './ingest-raw.js';
import { addMailbox, fixturesDir } from '../../../test/fixtures/email.js';
import type { Message } from '../../../../shared/tickets.js';

// Every public fixture (mailparser's and postal-mime's, incl. the 1 MB+ torture files) must import
// without error, each with a sensible outcome. m is the stored message: only checks of ingested files read it.
const expected: Record<string, { status: IngestRawResult['status']; check?: (r: IngestRawResult, m: Message) => void }> = {
  'mailparser/base64encodedroot.eml': { status: 'ingested', check: (_r, m) => expect(m.attachments.map((a) => a.filename)).toEqual(['screenshot.png']) },
  'mailparser/decoderended.eml': { status: 'ingested', check: (_r, m) => expect(m.details.subject).toBe('Fwd: fotos') },
  'mailparser/delivery-status.eml': { status: 'bounce', check: (r) => expect(r.reason).toMatch(/suppression list.*5\.1\.1/s) },
  'mailparser/htmllargecallstack.eml': { status: 'ingested', check: (_r, m) => expect(m.body.length).toBeGreaterThan(100_000) },
  // A 1 MB Launchpad notification: bulk mail never opens a ticket.
  'mailparser/large_text.eml': { status: 'ignored', check: (r) => expect(r.reason).toBe('Precedence: bulk') },
  'mailparser/mixed.eml': { status: 'ignored', check: (r) => expect(r.reason).toBe('no sender address') },
  'mailparser/nested.eml': { status: 'ingested' },
  'mailparser/nodemailer.eml': {
    status: 'ingested',
    check: (_r, m) => {
      expect(m.details.subject).toMatch(/^Nodemailer is unicode friendly ✔/);
      expect(m.attachments.map((a) => a.filename)).toEqual(expect.arrayContaining(['image.png', 'nyan cat ✔.gif', 'notes.txt']));
      expect(m.details.html).toBeTruthy();
      expect(m.details.html).not.toMatch(/<script|onerror=|javascript:/i);
      // Inline images point at their stored attachments.
      const png = m.attachments.find((a) => a.filename === 'image.png');
      expect(m.details.html).toContain(`src="/api/attachments/${png?.id}"`);
      expect(m.details.html).not.toContain('cid:note@example.com');
    },
  },
  'mailparser/outofmemory.eml': { status: 'ingested' },
  'mailparser/spam.eml': { status: 'ingested', check: (_r, m) => expect(m.details.html).not.toMatch(/<script/i) },
  'postal-mime/arf.eml': { status: 'ignored', check: (r) => expect(r.reason).toMatch(/ARF/) },
  'postal-mime/bounce.eml': { status: 'bounce', check: (r) => expect(r.reason).toMatch(/550 No such user here/) },
  'postal-mime/calendar-event.eml': { status: 'ingested', check: (_r, m) => expect(m.attachments.map((a) => a.filename)).toContain('invite.ics') },
  'postal-mime/mimetorture.eml': { status: 'ingested', check: (_r, m) => expect(m.attachments.length).toBeGreaterThanOrEqual(5) },
  'postal-mime/mixed.eml': { status: 'ignored', check: (r) => expect(r.reason).toBe('no sender address') },
};

let t: TestApp;
let ws: SeededWorkspace;
let account: ChannelAccount;

beforeAll(async () => {
  t = await createTestApp();
  ws = await seedWorkspace(t);
  account = await addMailbox(t, ws);
});
afterAll(async () => {
  await t?.close();
});

const files = ['mailparser', 'postal-mime'].flatMap((d) =>
  fs.readdirSync(path.join(fixturesDir, d)).filter((f) => f.endsWith('.eml')).map((f) => `${d}/${f}`),
);

describe('email fixtures import', () => {
  it('every fixture file has an expectation', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const file of files) {
    it(file, async () => {
      const raw = fs.readFileSync(path.join(fixturesDir, file));
      const r = await ingestRawEmail(t.ctx, account, raw, { source: 'smtp' });
      const want = expected[file];
      expect(r.status, JSON.stringify(r)).toBe(want?.status);
      let message: Message | undefined;
      if (r.status === 'ingested') {
        const res = await t.app.inject({ method: 'GET', url: `/api/tickets/${r.ticketId}/messages`, headers: { cookie: ws.admin.cookie } });
        message = (res.json() as { messages: Message[] }).messages.find((m) => m.id === r.messageId);
        expect(message?.channel).toBe('email');
      }
      want?.check?.(r, message as Message);
      // Delivered again (an MTA retry, a re-poll): nothing new.
      const again = await ingestRawEmail(t.ctx, account, raw, { source: 'smtp' });
      expect(again.status).toBe(r.status === 'ingested' ? 'duplicate' : r.status);
      if (r.status === 'ingested') expect(again.messageId).toBe(r.messageId);
    }, 60_000);
  }
});

describe('hostile or odd mail still files', () => {
  it('a huge Message-ID, subject and References list', async () => {
    const refs = Array.from({ length: 500 }, (_, i) => `<ref-${i}@x.vn>`).join(' ');
    const raw = Buffer.from(
      [
        'From: =?UTF-8?B?S2jDoWNoIEzhuqE=?= <la@khach.vn>',
        'To: hotro@shop-test.vn',
        `Message-ID: <${'a'.repeat(5000)}@x.vn>`,
        `References: ${refs}`,
        `Subject: ${'Rất dài '.repeat(2000)}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Nội dung.',
      ].join('\r\n'),
    );
    const r = await ingestRawEmail(t.ctx, account, raw, { source: 'smtp' });
    expect(r.status).toBe('ingested');
    const ticket = (await t.app.inject({ method: 'GET', url: `/api/tickets/${r.ticketId}`, headers: { cookie: ws.admin.cookie } })).json().ticket;
    expect(ticket.subject.length).toBeLessThanOrEqual(500);
    expect(ticket.customer.name).toBe('Khách Lạ');
    expect((await ingestRawEmail(t.ctx, account, raw, { source: 'smtp' })).status).toBe('duplicate');
  });

  it('a mail without a Message-ID uses the fallback id when given (IMAP)', async () => {
    const raw = Buffer.from('From: b@khach.vn\r\nTo: hotro@shop-test.vn\r\nSubject: x\r\n\r\nkhông có Message-ID\r\n');
    const r = await ingestRawEmail(t.ctx, account, raw, { source: 'imap', fallbackId: 'imap:1:42' });
    expect(r.status).toBe('ingested');
    const row = await t.ctx.db.one<{ external_id: string }>('SELECT external_id FROM messages WHERE id = $1', [r.messageId]);
    expect(row.external_id).toBe('imap:1:42');
  });
});
