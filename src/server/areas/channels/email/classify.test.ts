import { describe, expect, it } from 'vitest';
import { classifyEmail } from './classify.js';
import { parseEmail } from './parse.js';

const OWN = 'hotro@shop.vn';
const mail = (headers: string[], body = 'Nội dung') => {
  const typed = headers.some((h) => /^content-type:/i.test(h)) ? headers : [...headers, 'Content-Type: text/plain; charset=utf-8'];
  return parseEmail(Buffer.from([...typed, '', body, ''].join('\r\n')));
};
const base = ['From: Khách <khach@khach.vn>', `To: ${OWN}`, 'Subject: Hỏi hàng', 'Message-ID: <m1@khach.vn>'];

describe('classifyEmail', () => {
  it('an ordinary mail is normal, also with "X-Auto-Response-Suppress: None" or "Auto-Submitted: no"', async () => {
    expect(classifyEmail(await mail(base), OWN)).toEqual({ kind: 'normal' });
    expect(classifyEmail(await mail([...base, 'X-Auto-Response-Suppress: None']), OWN)).toEqual({ kind: 'normal' });
    expect(classifyEmail(await mail([...base, 'Auto-Submitted: no']), OWN)).toEqual({ kind: 'normal' });
  });

  it('auto-responders by header or subject', async () => {
    for (const h of ['Auto-Submitted: auto-replied', 'X-Autoreply: yes', 'X-Autorespond: yes', 'Precedence: auto_reply', 'X-Auto-Response-Suppress: All', 'Return-Path: <>']) {
      expect(classifyEmail(await mail([...base, h]), OWN).kind, h).toBe('auto_reply');
    }
    for (const subject of ['Automatic reply: Hỏi hàng', 'Out of Office: Re: x', 'Trả lời tự động: Re: Hỏi hàng']) {
      expect(classifyEmail(await mail([...base.filter((h) => !h.startsWith('Subject')), `Subject: ${subject}`]), OWN).kind, subject).toBe('auto_reply');
    }
  });

  it('lists and bulk mail are ignored — unless the list is the support address itself (a Google Group in front of it)', async () => {
    expect(classifyEmail(await mail([...base, 'Precedence: bulk']), OWN)).toMatchObject({ kind: 'ignored' });
    expect(classifyEmail(await mail([...base, 'List-Id: Tin tức <news.shop.vn>']), OWN)).toMatchObject({ kind: 'ignored', reason: 'mailing list (List-Id)' });
    const group = [...base, 'List-Id: <hotro.shop.vn>', `List-Post: <mailto:${OWN}>`, 'Precedence: list'];
    expect(classifyEmail(await mail(group), OWN)).toEqual({ kind: 'normal' });
  });

  it('a plain-text bounce from MAILER-DAEMON quoting our Message-ID', async () => {
    const c = classifyEmail(
      await mail(
        ['From: MAILER-DAEMON@mx.khach.vn', `To: ${OWN}`, 'Subject: failure notice'],
        `Hi. This is the qmail-send program.\n<khach@khach.vn>:\n550 5.1.1 mailbox unavailable\n\n--- Below this line is a copy of the message.\n\nMessage-ID: <tt-0b8f1a52-5c1e-4c1e-9a51-0f6a3c2b9d11@shop.vn>\nSubject: Re: Hỏi hàng [#12]`,
      ),
      OWN,
    );
    expect(c).toMatchObject({ kind: 'bounce', report: { failed: true, originalIds: ['<tt-0b8f1a52-5c1e-4c1e-9a51-0f6a3c2b9d11@shop.vn>'] } });
    expect(c.kind === 'bounce' && c.report.reason).toMatch(/^550 5\.1\.1 mailbox unavailable/);
  });

  it('a "delayed" DSN is a report but not a failure', async () => {
    const raw = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.shop.vn>',
      `To: ${OWN}`,
      'Subject: Delayed Mail (still being retried)',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Your message has not been delivered yet.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.shop.vn',
      '',
      'Final-Recipient: rfc822; khach@khach.vn',
      'Action: delayed',
      'Status: 4.4.1',
      'Diagnostic-Code: smtp; 421 try again later',
      '--b',
      'Content-Type: text/rfc822-headers',
      '',
      'Message-ID: <tt-0b8f1a52-5c1e-4c1e-9a51-0f6a3c2b9d11@shop.vn>',
      '--b--',
      '',
    ].join('\r\n');
    const c = classifyEmail(await parseEmail(Buffer.from(raw)), OWN);
    expect(c).toMatchObject({ kind: 'bounce', report: { failed: false, recipient: 'khach@khach.vn', originalIds: ['<tt-0b8f1a52-5c1e-4c1e-9a51-0f6a3c2b9d11@shop.vn>'] } });
  });

  it('ARF abuse reports and read receipts are ignored', async () => {
    const report = (type: string) => mail(['From: abuse@isp.vn', `To: ${OWN}`, 'Subject: report', `Content-Type: multipart/report; report-type=${type}; boundary="b"`], '--b\r\n\r\nx\r\n--b--');
    expect(classifyEmail(await report('feedback-report'), OWN)).toMatchObject({ kind: 'ignored', reason: 'abuse report (ARF)' });
    expect(classifyEmail(await report('disposition-notification'), OWN)).toMatchObject({ kind: 'ignored', reason: 'read receipt' });
  });
});
