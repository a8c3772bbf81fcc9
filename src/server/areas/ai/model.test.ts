import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { normalise, normaliseText, stripDiacritics } from './text/normalise.js';
import { deserialiseClassifier, predict, rng, serialiseClassifier, trainClassifier, type Example } from './model/classifier.js';
import { score } from './model/evaluate.js';
import { defaultSentimentModel, sentimentWith } from './sentiment.js';

describe('Vietnamese normalisation', () => {
  it('unifies the two tone-mark placements', async () => {
    expect(normalise('Hoà bình, thuý, khoẻ, loà xoà')).toBe(normalise('Hòa bình, thúy, khỏe, lòa xòa'));
    expect(normalise('hoà')).toBe(normalise('hòa'));
    // NFD input (macOS, some keyboards) is the same text too.
    expect(normalise('Được'.normalize('NFD'))).toBe('được');
  });

  it('keeps distinct words distinct (the tone stays on its syllable)', async () => {
    expect(normalise('hòa')).not.toBe(normalise('hoa'));
    expect(normalise('người quyển giường toán')).toBe('người quyển giường toán');
  });

  it('gives a diacritics-free variant that text typed without accents matches', async () => {
    expect(normaliseText('Giao hàng chậm quá').plain).toEqual(normaliseText('giao hang cham qua').plain);
    expect(stripDiacritics('Đặng Thị Hoà')).toBe('Dang Thi Hoa');
  });

  it('expands chat abbreviations and squeezes repeated letters', async () => {
    expect(normalise('sp ko dc giao, ship chậm quáaaaa')).toBe('sản phẩm không được giao giao hàng chậm quá');
    expect(normalise('hok đc')).toBe('không được');
    expect(normalise('K nhận đc hàng')).toBe('không nhận được hàng');
    expect(normalise('ib mình nhé')).toBe('nhắn tin mình nhé');
  });

  it('keeps words that look like shorthand once their marks are gone ("hỏng" is not "không", "ạ" not "anh", "98k" not "98 không")', async () => {
    expect(normaliseText('máy hỏng rồi ạ').words).toEqual(['máy', 'hỏng', 'rồi', 'ạ']);
    expect(normaliseText('hoa hồng').words).toEqual(['hoa', 'hồng']);
    expect(normaliseText('con chuột 98k').words).toEqual(['con', 'chuột', 'zznum']);
    // The listed shorthand still expands.
    expect(normaliseText('hông nhận đc, k thích').words).toEqual(['không', 'nhận', 'được', 'không', 'thích']);
  });

  it('marks where clauses end (punctuation, line breaks), for the negation scope', async () => {
    expect(normaliseText('Không tốt, giao chậm!\nHết').clauseEnd).toEqual([false, true, false, true, false]);
  });
});

/** A synthetic three-intent set: each intent has its own words, mixed with shared filler. */
function synthetic(n: number, seed: number): Example[] {
  const rand = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  const intents: Record<string, string[]> = {
    delivery: ['giao hàng', 'ship', 'chưa nhận', 'vận chuyển', 'shipper', 'đơn hàng đến'],
    refund: ['hoàn tiền', 'trả lại tiền', 'refund', 'hoàn lại', 'tiền về tài khoản'],
    password: ['mật khẩu', 'đăng nhập', 'quên mật khẩu', 'otp', 'tài khoản bị khóa'],
  };
  const filler = ['cho mình hỏi', 'shop ơi', 'bạn ơi', 'giúp em với', 'ạ', 'nhé', 'hôm qua', 'lâu quá'];
  const out: Example[] = [];
  for (let i = 0; i < n; i++) {
    const label = Object.keys(intents)[i % 3];
    out.push({ text: `${pick(filler)} ${pick(intents[label])} ${pick(filler)} ${pick(intents[label])}`, label });
  }
  return out;
}

describe('classifier', () => {
  it('learns a small synthetic set (held-out accuracy)', async () => {
    const model = await trainClassifier(synthetic(150, 1));
    const test = synthetic(60, 2);
    const s = score(test.map((e) => e.label), test.map((e) => predict(model, e.text).label));
    expect(s.accuracy).toBeGreaterThan(0.95);
    // Without diacritics and with abbreviations it still knows.
    expect(predict(model, 'shop oi ship cham qua chua nhan dc').label).toBe('delivery');
    expect(predict(model, 'quen mat khau ko dang nhap dc').label).toBe('password');
  });

  it('cannot learn shuffled labels (a control: held-out accuracy near chance)', async () => {
    const train = synthetic(150, 3);
    const rand = rng(9);
    const labels = train.map((e) => e.label);
    for (let i = labels.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [labels[i], labels[j]] = [labels[j], labels[i]];
    }
    const model = await trainClassifier(train.map((e, i) => ({ text: e.text, label: labels[i] })));
    const test = synthetic(300, 4);
    const s = score(test.map((e) => e.label), test.map((e) => predict(model, e.text).label));
    expect(s.accuracy).toBeLessThan(0.5);
  });

  it('gives probabilities that sum to one, and survives storage byte for byte', async () => {
    const model = await trainClassifier(synthetic(90, 5));
    const p = predict(model, 'hoàn tiền giúp mình');
    expect(p.ranked.reduce((a, r) => a + r.p, 0)).toBeCloseTo(1, 6);
    expect(p.confidence).toBe(p.ranked[0].p);
    const bytes = serialiseClassifier(model);
    // Stored bytes may come back at any offset inside a larger buffer (database drivers).
    const shifted = Buffer.concat([Buffer.alloc(3), bytes]).subarray(3);
    const back = deserialiseClassifier(shifted);
    expect(predict(back, 'hoàn tiền giúp mình')).toEqual(p);
  });

  it('fits its hand-off threshold on the held-out share and keeps it in storage', async () => {
    const model = await trainClassifier(synthetic(300, 6));
    // The hand-off score is the confidence (0–1) plus the weighted similarity (0–1).
    expect(model.handoff).toBeGreaterThan(0);
    expect(model.handoff).toBeLessThan(1 + (model.options.scopeWeight ?? 0));
    expect(deserialiseClassifier(serialiseClassifier(model)).handoff).toBe(model.handoff);
  });

  it('hands off a question unlike anything it was trained on, though one class wins it clearly', async () => {
    const train = synthetic(300, 8);
    const model = await trainClassifier(train);
    const blind = await trainClassifier(train, { scopeWeight: 0 });
    expect(model.centroids).toBeDefined();
    expect(blind.centroids).toBeUndefined();
    // In scope, typed as customers type: answered.
    for (const t of ['shop ơi giao hàng chậm quá chưa nhận', 'quên mật khẩu không đăng nhập được', 'hoàn tiền giúp em với']) expect(predict(model, t).handOff).toBe(false);
    // Nothing like the training texts, in words or letters.
    const away = ['thời tiết Đà Lạt cuối tuần', 'công thức nấu phở bò', 'kết quả bóng đá tối qua'];
    for (const t of away) {
      const p = predict(model, t);
      expect(p.handOff).toBe(true);
      // The similarity term is what lowers it: without it the score is the confidence alone.
      expect(p.scope).toBeLessThan(p.confidence + (model.options.scopeWeight ?? 0) * 0.5);
      expect(predict(blind, t).scope).toBe(predict(blind, t).confidence);
    }
    // Stored and read back, the hand-off is the same.
    const back = deserialiseClassifier(serialiseClassifier(model));
    for (const t of [...away, 'hoàn tiền giúp em với']) expect(predict(back, t)).toEqual(predict(model, t));
  });

  it('with few classes, chooses NBSVM scaling on three folds of the training data (the softmax view keeps its share), leaving alone what the caller set', async () => {
    const train = synthetic(300, 11);
    const tuned = await trainClassifier(train);
    expect(tuned.options.tune).toBe(false);
    expect([0, 1]).toContain(tuned.options.nbPower);
    expect(tuned.options.softmaxShare).toBe(0.3);
    const fixed = await trainClassifier(train, { nbPower: 0, softmaxShare: 0 });
    expect(fixed.options.nbPower).toBe(0);
    expect(fixed.options.softmaxShare).toBe(0);
    // An NBSVM model is still one linear model: it learns, and storage keeps it exactly.
    const nb = await trainClassifier(train, { nbPower: 1, tune: false });
    const test = synthetic(90, 12);
    expect(test.filter((e) => predict(nb, e.text).label === e.label).length / test.length).toBeGreaterThan(0.9);
    const back = deserialiseClassifier(serialiseClassifier(nb));
    expect(predict(back, 'hoàn tiền giúp mình')).toEqual(predict(nb, 'hoàn tiền giúp mình'));
    // Scaling changes the weights (it is not a no-op).
    const plain = await trainClassifier(train, { nbPower: 0, tune: false });
    expect(Buffer.from(nb.weights.buffer).equals(Buffer.from(plain.weights.buffer))).toBe(false);
  });

  it('still reads a model stored before the hand-off threshold and the newer feature switches', async () => {
    // What an older version trained and stored: feature options without the newer switches, no threshold.
    const model = await trainClassifier(synthetic(120, 7), { features: { charMin: 2, charMax: 5, wordWeight: 1 } });
    const old = { ...model, handoff: undefined, centroids: undefined };
    const back = deserialiseClassifier(serialiseClassifier(old));
    expect(back.handoff).toBeUndefined();
    expect(predict(back, 'hoàn tiền giúp mình')).toEqual(predict(old, 'hoàn tiền giúp mình'));
    expect(predict(back, 'hoàn tiền giúp mình').label).toBe('refund');
  });

  it('refuses to train on a single label', async () => {
    await expect(trainClassifier([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }])).rejects.toThrow(/two labels/);
  });
});

describe('default sentiment model', () => {
  it('reads clear Vietnamese and English messages, with and without diacritics', async () => {
    const m = await defaultSentimentModel();
    expect(sentimentWith(m, 'Hàng giao trễ, đóng gói ẩu, rất thất vọng').sentiment).toBe('negative');
    expect(sentimentWith(m, 'hang giao tre dong goi au rat that vong').sentiment).toBe('negative');
    expect(sentimentWith(m, 'Cảm ơn shop nhiều, hàng đẹp lắm').sentiment).toBe('positive');
    expect(sentimentWith(m, 'Cho mình hỏi phí ship về Huế bao nhiêu ạ').sentiment).toBe('neutral');
    expect(sentimentWith(m, 'Terrible service, I want a refund').sentiment).toBe('negative');
    const s = sentimentWith(m, 'tuyệt vời, cảm ơn em');
    expect(s.score).toBeGreaterThan(0);
  });
});

describe('ai eval (CLI)', () => {
  it('trains, predicts and prints one JSON object as its last line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-eval-'));
    const csv = (rows: Example[]) => 'text,label\n' + rows.map((r) => `"${r.text}",${r.label}`).join('\n') + '\n';
    fs.writeFileSync(path.join(dir, 'train.csv'), csv(synthetic(90, 11)));
    // The test side has an intent the training side never saw: out of scope.
    const test = [...synthetic(30, 12), { text: 'thời tiết hôm nay thế nào', label: 'oos' }, { text: 'con mèo màu cam', label: 'oos' }];
    fs.writeFileSync(path.join(dir, 'test.csv'), csv(test));
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'src/server/cli.ts', 'ai', 'eval', '--train', path.join(dir, 'train.csv'), '--test', path.join(dir, 'test.csv'), '--out-of-scope-label', 'oos'],
      { cwd: path.resolve(import.meta.dirname, '../../../..'), env: { ...process.env, DATABASE_URL: '' } },
    );
    const last = stdout.trim().split('\n').at(-1) ?? '';
    const r = JSON.parse(last) as Record<string, number>;
    expect(Object.keys(r).sort()).toEqual(['accuracy', 'inScopeAccuracy', 'macroF1', 'n', 'oosRecall', 'trainSeconds']);
    expect(r.n).toBe(32);
    expect(r.inScopeAccuracy).toBeGreaterThan(0.9);
    expect(r.trainSeconds).toBeGreaterThan(0);
  }, 120_000);
});
