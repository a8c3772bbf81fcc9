import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLabelledFile } from './eval.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-eval-files-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
};

describe('ai eval: reading labelled files', () => {
  it('finds the columns public sets use when none is named (BANKING77: text, category)', () => {
    const r = readLabelledFile(file('banking.csv', 'text,category\nI am still waiting on my card?,card_arrival\n"My card, the new one, is late",card_arrival\n'));
    expect([r.textColumn, r.labelColumn]).toEqual(['text', 'category']);
    expect(r.examples).toEqual([
      { text: 'I am still waiting on my card?', label: 'card_arrival' },
      { text: 'My card, the new one, is late', label: 'card_arrival' },
    ]);
  });

  it('reads tab- and semicolon-separated files, a byte-order mark, CRLF and any case of the names', () => {
    const tsv = readLabelledFile(file('vi.tsv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Sentence\tSentiment\r\nSản phẩm tốt, giao nhanh\t2\r\nhàng lỗi\t0\r\n')])));
    expect([tsv.textColumn, tsv.labelColumn]).toEqual(['Sentence', 'Sentiment']);
    expect(tsv.examples).toEqual([
      { text: 'Sản phẩm tốt, giao nhanh', label: '2' },
      { text: 'hàng lỗi', label: '0' },
    ]);
    const semi = readLabelledFile(file('semi.csv', 'comment;label\nship chậm, ko hài lòng;negative\n'));
    expect(semi.examples).toEqual([{ text: 'ship chậm, ko hài lòng', label: 'negative' }]);
  });

  it('uses the columns named, and says which exist when one is missing', () => {
    const f = file('named.csv', 'id,utterance,intent,label\n1,hello,greet,x\n');
    expect(readLabelledFile(f, 'utterance', 'intent').examples).toEqual([{ text: 'hello', label: 'greet' }]);
    // Unnamed, "label" comes first in the list of known names.
    expect(readLabelledFile(f).labelColumn).toBe('label');
    expect(() => readLabelledFile(f, 'body')).toThrow('no column "body" (columns: id, utterance, intent, label)');
  });

  it('refuses a file whose columns it cannot tell, naming the option to use', () => {
    const f = file('odd.csv', 'a,b\nhello,greet\n');
    expect(() => readLabelledFile(f)).toThrow(/no label column .*columns: a, b.*--label-column/);
    expect(() => readLabelledFile(f, undefined, 'b')).toThrow(/no text column .*--text-column/);
    expect(() => readLabelledFile(f, 'b', 'b')).toThrow('both "b"');
  });

  it('leaves out rows without text or label', () => {
    const r = readLabelledFile(file('gaps.csv', 'text,label\nhello,greet\n,greet\nbye,\n  ,x\n'));
    expect(r.examples).toEqual([{ text: 'hello', label: 'greet' }]);
  });
});
