import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foldReply } from './fold.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const dir = path.resolve(repoRoot, '..', 'shared', 'data', 'email-fixtures', 'reply-bodies');
const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

// Words of a text, so that "nothing is lost" ignores only line breaks and spacing.
const words = (s: string) => s.split(/\s+/).filter(Boolean);

/** The visible reply each fixture must fold to (its start), plus text that must be folded away. */
const cases: { file: string; visible: string; folded: string }[] = [
  { file: 'email_2.txt', visible: 'Hi,\nYou can list the keys for the bucket', folded: 'On Tue, 2011-03-01 at 18:02 +0530, Abhishek Kona wrote:' },
  { file: 'email_3.txt', visible: 'Oh thanks.\n\nHaving the function would be great.', folded: 'Russell Brown wrote:' },
  { file: 'email_4.txt', visible: "Awesome! I haven't had another problem with it.", folded: 'defunkt<reply@reply.github.com> wrote:' },
  { file: 'email_iphone.txt', visible: 'Here is another email', folded: 'Sent from my iPhone' },
  { file: 'email_blackberry.txt', visible: 'Here is another email', folded: 'Sent from my BlackBerry' },
  { file: 'email_gmail_split_line_from.txt', visible: 'Fusce bibendum', folded: 'The Hiring Engine' },
  { file: 'email_outlook_split_line_from.txt', visible: 'Fusce bibendum', folded: 'From: Human Resources' },
  { file: 'email_ios_outlook.txt', visible: 'Fusce bibendum', folded: 'Get Outlook for iOS' },
  { file: 'email_msn.txt', visible: 'Fusce bibendum', folded: 'From: The Hiring Engine Automation' },
  { file: 'email_german_outlook.txt', visible: 'Fusce bibendum', folded: '-----Ursprüngliche Nachricht-----' },
  { file: 'email_fr_multiline.txt', visible: 'Fusce bibendum', folded: 'a écrit :' },
  { file: 'email_original_message_2.txt', visible: 'Fusce bibendum', folded: '----- Original Message -----' },
  { file: 'email_with_regards.txt', visible: 'Hi,\n\nI still have the same problem....\n\nCan you help?', folded: 'Regards,' },
  { file: 'email_tricky_11_double_signature.txt', visible: 'Thanks for your help!', folded: 'Senior Developer' },
  { file: 'email_tricky_9_nested_quotes.txt', visible: 'I agree with the points below.', folded: 'Jane Doe <jane@example.com> wrote:' },
  { file: 'correct_sig.txt', visible: 'this is an email with a correct -- signature.', folded: 'rick' },
  { file: 'email_zoho.txt', visible: 'What is the best way to clear a Riak bucket', folded: 'john@gmail.com wrote' },
];

describe('quote and signature folding (crisp reply-bodies fixtures)', () => {
  for (const c of cases) {
    it(`${c.file}: shows the new text, folds the rest, loses nothing`, () => {
      const original = read(c.file);
      const { visible, quoted } = foldReply(original);
      expect(visible.startsWith(c.visible)).toBe(true);
      expect(visible).not.toContain(c.folded);
      expect(quoted).toContain(c.folded);
      expect(words(`${visible}\n${quoted ?? ''}`).sort()).toEqual(words(original.replace(/~+\s*$/, '')).sort());
    });
  }

  it('text that only looks like a quote or signature stays visible', () => {
    for (const f of ['email_tricky_1_on_false_positive.txt', 'email_tricky_6_regards_in_sentence.txt', 'email_tricky_8_sent_from_in_content.txt', 'email_not_a_signature_2.txt']) {
      const original = read(f);
      const { visible, quoted } = foldReply(original);
      expect(quoted).toBeUndefined();
      expect(words(visible)).toEqual(words(original));
    }
  });

  it('every fixture folds without losing words, and never to an empty reply', () => {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.txt'))) {
      const original = read(f);
      const { visible, quoted } = foldReply(original);
      expect(visible.trim().length, f).toBeGreaterThan(0);
      expect(words(`${visible}\n${quoted ?? ''}`).sort(), f).toEqual(words(original.replace(/~+\s*$/, '')).sort());
    }
  });

  it('a Vietnamese reply above a Gmail quote', () => {
    const { visible, quoted } = foldReply('Dạ em cảm ơn shop, em nhận được hàng rồi ạ.\n\nVào Th 2, 3 thg 6, 2024 lúc 10:00 CSKH <cskh@shop.vn> đã viết:\n> Chào chị, đơn hàng đã được giao.\n');
    expect(visible).toBe('Dạ em cảm ơn shop, em nhận được hàng rồi ạ.');
    expect(quoted).toContain('> Chào chị, đơn hàng đã được giao.');
  });
});

describe('Vietnamese quote headers', () => {
  it('an Outlook "Từ / Đã gửi" block in Vietnamese is folded', () => {
    const { visible, quoted } = foldReply('Em gửi lại ảnh hoá đơn nhé.\n\nTừ: CSKH Shop <cskh@shop.vn>\nĐã gửi: Thứ Hai, 3 tháng 6, 2024 10:00\nĐến: Chị Lan\nChủ đề: Đơn hàng\n\nChào chị, shop đã nhận yêu cầu.');
    expect(visible).toBe('Em gửi lại ảnh hoá đơn nhé.');
    expect(quoted).toContain('Chào chị, shop đã nhận yêu cầu.');
  });
});
