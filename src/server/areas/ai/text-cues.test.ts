import { defaultSentimentModel, sentimentWith } from './sentiment.js';
import { describe, expect, it } from 'vitest';
import { negationScope, textCues } from './text/cues.js';
import { lexiconTokens } from './text/lexicon.js';
import { normaliseText } from './text/normalise.js';
import { countFeatures, DEFAULT_FEATURES, FEW_CLASS_FEATURES } from './model/features.js';
import { predict, rng, trainClassifier, type Example } from './model/classifier.js';

/** The normalised words with the ones a negation covers marked "¬". */
function marked(text: string): string {
  const n = normaliseText(text);
  const neg = negationScope(n.words, n.clauseEnd);
  return n.words.map((w, i) => (neg[i] ? '¬' + w : w)).join(' ');
}

function lexicon(text: string): string[] {
  const n = normaliseText(text);
  return lexiconTokens(n.words, n.clauseEnd);
}

describe('negation scope', () => {
  it('covers the words after a Vietnamese negator, up to three, the clause end or a contrast', () => {
    expect(marked('Hàng không tốt lắm nhưng giao nhanh')).toBe('hàng không ¬tốt ¬lắm nhưng giao nhanh');
    expect(marked('ko hài lòng, sẽ quay lại')).toBe('không ¬hài ¬lòng sẽ quay lại');
    expect(marked('chưa thấy hỏng gì cả, dùng tốt')).toBe('chưa ¬thấy ¬hỏng ¬gì cả dùng tốt');
    expect(marked('chẳng có gì để chê')).toBe('chẳng ¬có ¬gì ¬để chê');
  });

  it('covers English after not, never and n\'t', () => {
    expect(marked("I don't like it, but the staff were nice")).toBe("i don't ¬like ¬it but the staff were nice");
    expect(marked('never again. Terrible')).toBe('never ¬again terrible');
  });

  it('leaves a question\'s closing "không" without scope', () => {
    expect(marked('có tốt không? giao nhanh')).toBe('có tốt không giao nhanh');
  });
});

describe('text cues', () => {
  it('finds emoticons, emoji, punctuation and stretched letters the words lose', () => {
    expect(textCues('Cảm ơn shop :)')).toContain('zzsmile');
    expect(textCues('giao trễ quá :(')).toContain('zzsad');
    expect(textCues('đẹp quá 😍')).toContain('zzsmile');
    expect(textCues('thất vọng 😡')).toContain('zzsad');
    expect(textCues('=)) hài vãi')).toContain('zzlaugh');
    // A question mark is no cue (it only told our labelled questions apart from complaints).
    expect(textCues('bao giờ giao?')).toEqual([]);
    expect(textCues('chậm quáaaa!!!')).toEqual(expect.arrayContaining(['zzexcl', 'zzexcl2', 'zzstretch']));
    expect(textCues('đẹppp')).toContain('zzstretch');
    expect(textCues('Cho mình hỏi giá')).toEqual([]);
  });
});

describe('sentiment lexicon', () => {
  it('counts feeling words, negated and intensified, a phrase once', () => {
    expect(lexicon('Sản phẩm tốt')).toEqual(['zzpos']);
    expect(lexicon('không tốt chút nào')).toEqual(['zzpos_not']);
    expect(lexicon('rất tệ')).toEqual(['zzneg', 'zzneg_int']);
    expect(lexicon('dịch vụ tồi tệ')).toEqual(['zzneg']);
    expect(lexicon('not bad at all')).toEqual(['zzneg_not']);
    // Typed without diacritics.
    expect(lexicon('hang dep, rat hai long')).toEqual(['zzpos', 'zzpos', 'zzpos_int']);
    expect(lexicon('Cho mình hỏi phí giao hàng')).toEqual([]);
  });
});

describe('few-class features', () => {
  it('a sentiment-like model (three classes) uses the cues; a many-class one does not', async () => {
    expect(countFeatures('không tốt :(', FEW_CLASS_FEATURES).size).toBeGreaterThan(countFeatures('không tốt :(', DEFAULT_FEATURES).size);
    const rand = rng(5);
    const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
    const good = ['hàng đẹp', 'giao nhanh', 'shop nhiệt tình', 'rất ưng'];
    const bad = ['hàng lỗi', 'giao chậm', 'shop thái độ', 'rất bực'];
    const ask = ['cho hỏi giá', 'còn size không', 'địa chỉ shop ở đâu', 'mấy giờ mở cửa'];
    const examples: Example[] = [];
    // Some customers add a face: the cue is learnt from those and carries over to words never seen.
    const face = (f: string) => (rand() < 0.3 ? ` ${f}` : '');
    for (let i = 0; i < 90; i++) examples.push({ text: `${pick(good)} ${pick(good)}${face(':)')}`, label: 'positive' }, { text: `${pick(bad)} ${pick(bad)}${face(':(')}`, label: 'negative' }, { text: pick(ask), label: 'neutral' });
    const model = await trainClassifier(examples);
    expect(model.options.features).toEqual(FEW_CLASS_FEATURES);
    // Feeling words it never saw in training: the emoticon decides.
    expect(predict(model, 'thất vọng :(').label).toBe('negative');
    expect(predict(model, 'tuyệt vời :)').label).toBe('positive');
    const many: Example[] = Array.from({ length: 11 * 5 }, (_, i) => ({ text: `chủ đề ${i % 11} số ${i}`, label: `c${i % 11}` }));
    expect((await trainClassifier(many)).options.features).toEqual(DEFAULT_FEATURES);
  });
});

describe('the default sentiment model on plain questions', () => {
  it('calls plain questions neutral (order status typed without a question mark, a fault asked about), and a complaint negative', async () => {
    const model = await defaultSentimentModel();
    for (const text of ['đơn hàng của anh tới đâu rồi', 'cho hỏi đơn hàng tới đâu rồi', 'bao giờ giao hàng', 'where is my order', 'Shop ơi', 'Shop ơi điều hoà nhà em không mát, phải làm sao ạ?']) {
      expect(sentimentWith(model, text).sentiment, text).toBe('neutral');
    }
    expect(sentimentWith(model, 'đặt 10 ngày rồi chưa nhận được, bực mình quá').sentiment).toBe('negative');
  });
});
