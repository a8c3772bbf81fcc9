import { describe, expect, it } from 'vitest';
import { deserialiseClassifier, predict, rng, serialiseClassifier, trainClassifier, type Example } from './model/classifier.js';
import { buildVocabulary, countFeatures, DEFAULT_FEATURES, vectorise } from './model/features.js';
import { DEFAULT_MLP, mlpLogits, trainMlp } from './model/neural.js';
import { evaluate } from './eval.js';

/** Four intents with overlapping words (so one-vs-rest margins disagree sometimes) and filler. */
function intents(n: number, seed: number): Example[] {
  const rand = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  const words: Record<string, string[]> = {
    card_lost: ['lost my card', 'card stolen', 'cannot find my card', 'freeze card', 'card missing'],
    card_arrival: ['card not arrived', 'when will my card come', 'card delivery', 'new card still missing', 'track my card'],
    refund: ['refund please', 'money back', 'return the payment', 'refund not received', 'get my money back'],
    transfer: ['transfer failed', 'send money', 'transfer pending', 'money not received by friend', 'bank transfer'],
  };
  const filler = ['hi', 'please help', 'urgent', 'thanks', 'today', 'again', 'why', 'my account'];
  return Array.from({ length: n }, (_, i) => {
    const label = Object.keys(words)[i % 4];
    return { text: `${pick(filler)} ${pick(words[label])} ${pick(filler)}`, label };
  });
}

const accuracy = (model: Awaited<ReturnType<typeof trainClassifier>>, test: Example[]) => test.filter((e) => predict(model, e.text).label === e.label).length / test.length;

describe('softmax view and ensemble', () => {
  it('the softmax view (multinomial logistic regression, trained jointly) learns the intents alone', async () => {
    const train = intents(400, 1);
    const test = intents(200, 2);
    const labels = [...new Set(train.map((e) => e.label))].sort();
    const y = Int32Array.from(train.map((e) => labels.indexOf(e.label)));
    const vocab = buildVocabulary(train.map((e) => countFeatures(e.text)), 1);
    const X = vectorise(train.map((e) => countFeatures(e.text)), vocab, DEFAULT_FEATURES);
    const dim = vocab.hashes.length + 1;
    const net = trainMlp(X, Int32Array.from(train.keys()), y, labels.length, dim, { ...DEFAULT_MLP, hidden: 0, epochs: 5, lr: 0.03, batch: 32 });
    const Xt = vectorise(test.map((e) => countFeatures(e.text)), vocab, DEFAULT_FEATURES);
    const out = new Float64Array(labels.length);
    let right = 0;
    test.forEach((e, i) => {
      mlpLogits(net, Xt, i, new Float32Array(1), out);
      let best = 0;
      for (let k = 1; k < out.length; k++) if (out[k] > out[best]) best = k;
      if (labels[best] === e.label) right++;
    });
    expect(right / test.length).toBeGreaterThan(0.9);
  });

  it('blends into one linear model: as accurate as the SVM alone, different weights, stored and read back the same', async () => {
    const train = intents(400, 3);
    const test = intents(200, 4);
    const ensemble = await trainClassifier(train);
    const svm = await trainClassifier(train, { softmaxShare: 0 });
    expect(ensemble.options.softmaxShare).toBeGreaterThan(0);
    expect(accuracy(ensemble, test)).toBeGreaterThanOrEqual(accuracy(svm, test) - 0.01);
    expect(accuracy(ensemble, test)).toBeGreaterThan(0.9);
    let diff = 0;
    for (let i = 0; i < svm.weights.length; i++) diff += Math.abs(svm.weights[i] - ensemble.weights[i]);
    expect(diff).toBeGreaterThan(0);
    const back = deserialiseClassifier(serialiseClassifier(ensemble));
    expect(predict(back, 'i lost my card yesterday')).toEqual(predict(ensemble, 'i lost my card yesterday'));
  });
});

describe('out-of-scope examples in the training data', () => {
  it('learns the out-of-scope label as a class and hands such questions off in ai eval', async () => {
    const rand = rng(9);
    const chat = ['what is the weather', 'tell me a joke', 'who won the football', 'play some music', 'recipe for pho', 'how tall is everest', 'book a taxi', 'what time is it'];
    const oos = (n: number): Example[] => Array.from({ length: n }, () => ({ text: `${chat[Math.floor(rand() * chat.length)]} ${['please', 'now', 'today', ''][Math.floor(rand() * 4)]}`, label: 'oos' }));
    const train = [...intents(400, 5), ...oos(100)];
    const test = [...intents(200, 6), ...oos(40)];
    const r = await evaluate(train, test, { oosLabel: 'oos' });
    expect(r.oosRecall).toBeGreaterThan(0.9);
    expect(r.inScopeAccuracy).toBeGreaterThan(0.85);
    // They are predicted as the out-of-scope class itself, not only caught by a low confidence.
    const model = await trainClassifier(train);
    expect(model.labels).toContain('oos');
    const asClass = test.filter((e) => e.label === 'oos' && predict(model, e.text).label === 'oos').length;
    expect(asClass / test.filter((e) => e.label === 'oos').length).toBeGreaterThan(0.9);
  });

  it('lowers the hand-off score of a question the out-of-scope class nearly took', async () => {
    const rand = rng(4);
    const chat = ['what is the weather', 'tell me a joke', 'who won the football', 'play some music', 'recipe for pho', 'book a taxi'];
    const train = [...intents(400, 7), ...Array.from({ length: 100 }, () => ({ text: chat[Math.floor(rand() * chat.length)], label: 'oos' }))];
    const model = await trainClassifier(train, { outOfScopeLabels: ['oos'] });
    expect(model.options.outOfScopeWeight).toBeGreaterThan(0);
    const without = { ...model, options: { ...model.options, outOfScopeWeight: 0 } };
    const drop = (text: string) => predict(without, text).scope - predict(model, text).scope;
    // A clear in-scope question: the out-of-scope class is far behind, the score barely moves.
    expect(drop('hi lost my card please help')).toBeLessThan(0.05);
    // Half banking, half chit-chat: the card intent still wins, but the out-of-scope class came close.
    const mixed = 'card stolen play music';
    expect(predict(model, mixed).label).toBe('card_lost');
    expect(drop(mixed)).toBeGreaterThan(drop('hi lost my card please help') + 0.05);
    expect(drop(mixed)).toBeLessThanOrEqual(model.options.outOfScopeWeight!);
    // Without out-of-scope labels there is nothing to be near: the score is as before.
    const plain = await trainClassifier(intents(400, 7));
    expect(predict(plain, mixed).scope).toBe(predict({ ...plain, options: { ...plain.options, outOfScopeWeight: 0 } }, mixed).scope);
  });
});
