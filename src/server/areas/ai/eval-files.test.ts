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
    // Values of the same length, none repeated: neither the text nor the label shows.
    const f = file('odd.csv', 'a,b\nhello,greet\nthere,leave\n');
    expect(() => readLabelledFile(f)).toThrow(/no text column .*could not tell it by the values; columns: a, b.*--text-column/);
    expect(() => readLabelledFile(f, 'a')).toThrow(/no label column .*columns: a, b.*--label-column/);
    // With the label named, the one column left is the text.
    expect(readLabelledFile(f, undefined, 'b').textColumn).toBe('a');
    expect(() => readLabelledFile(file('odd3.csv', 'a,b,c\nhello,greet,other\n'), undefined, 'b')).toThrow(/no text column .*--text-column/);
    expect(() => readLabelledFile(f, 'b', 'b')).toThrow('both "b"');
  });

  it('tells unknown columns by their values: the clearly longest is the text, the most repeated the label', () => {
    // VLSP 2016 as shared: "Class<TAB>Data", the label first.
    const vlsp = readLabelledFile(file('vlsp.csv', 'Class\tData\n-1\tPin tụt nhanh quá, thất vọng\n1\tMáy đẹp, chạy mượt\n-1\tGiao hàng chậm\n'));
    expect([vlsp.textColumn, vlsp.labelColumn, vlsp.how]).toEqual(['Data', 'Class', { text: 'by name', label: 'by name' }]);
    // Nothing known by name: an id column unique on every row is not the label, the long column is the text.
    const r = readLabelledFile(file('unknown.csv', 'id,kind,said\n1,neg,hàng tới trễ ba ngày rồi shop ơi\n2,pos,cảm ơn shop nhiều nha\n3,neg,sao đơn của em bị huỷ vậy\n'));
    expect([r.textColumn, r.labelColumn, r.how]).toEqual(['said', 'kind', { text: 'by its values', label: 'by its values' }]);
    expect(r.examples[1]).toEqual({ text: 'cảm ơn shop nhiều nha', label: 'pos' });
    // A text column named, the label told by its values.
    expect(readLabelledFile(file('half.csv', 'x,y\nshop ơi còn hàng không,a\nbao giờ giao,a\n'), 'x').labelColumn).toBe('y');
  });

  it('reads JSON Lines and JSON arrays (of objects, or of [text, label] pairs)', () => {
    const jsonl = readLabelledFile(file('clinc.jsonl', '{"text":"what is my balance","intent":"balance"}\n\n{"text":"tell me a joke","intent":"oos"}\n'));
    expect(jsonl.examples).toEqual([
      { text: 'what is my balance', label: 'balance' },
      { text: 'tell me a joke', label: 'oos' },
    ]);
    const objects = readLabelledFile(file('objects.json', JSON.stringify([{ sentence: 'tốt lắm', label: 2 }, { sentence: 'tệ', label: 0 }])));
    expect(objects.examples).toEqual([
      { text: 'tốt lắm', label: '2' },
      { text: 'tệ', label: '0' },
    ]);
    // CLINC150's data_full.json holds its splits as [text, intent] pairs.
    const pairs = readLabelledFile(file('pairs.json', JSON.stringify([['how do i freeze my card please', 'freeze'], ['freeze my debit card now', 'freeze'], ['what is the weather like', 'oos']])));
    expect([pairs.textColumn, pairs.labelColumn]).toEqual(['0', '1']);
    expect(pairs.examples[2]).toEqual({ text: 'what is the weather like', label: 'oos' });
    expect(() => readLabelledFile(file('broken.jsonl', '{"text":"a","label":"b"}\n{"text":\n'))).toThrow(/not valid JSON Lines/);
    expect(() => readLabelledFile(file('broken.json', '[["a","b"],'))).toThrow(/not valid JSON \(/);
    // A whole data set's splits in one object: which list is meant cannot be guessed.
    expect(() => readLabelledFile(file('data_full.json', JSON.stringify({ train: [['hi', 'greet']], val: [], test: [] })))).toThrow('holds several lists (train, val, test)');
  });

  it('leaves out rows without text or label', () => {
    const r = readLabelledFile(file('gaps.csv', 'text,label\nhello,greet\n,greet\nbye,\n  ,x\n'));
    expect(r.examples).toEqual([{ text: 'hello', label: 'greet' }]);
  });
});
