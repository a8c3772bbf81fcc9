import { afterAll, describe, expect, it } from 'vitest';
import { predict, rng, trainClassifier, type Example } from './model/classifier.js';
import { closeTrainingThreads, runTasks } from './model/train-pool.js';

/** Twelve intents sharing filler words, so the SVMs need several passes and the softmax view learns something. */
function intents(n: number, seed: number): Example[] {
  const rand = rng(seed);
  const topics = ['giao hàng', 'hoàn tiền', 'mật khẩu', 'đổi size', 'bảo hành', 'hóa đơn', 'khuyến mãi', 'địa chỉ', 'thanh toán', 'hủy đơn', 'tích điểm', 'lỗi app'];
  const filler = ['cho mình hỏi', 'shop ơi', 'giúp em', 'ạ', 'nhé', 'hôm qua', 'lâu quá', 'đơn hàng', 'tài khoản', 'sản phẩm'];
  const pick = (a: string[]) => a[Math.floor(rand() * a.length)];
  return Array.from({ length: n }, (_, i) => {
    const k = i % topics.length;
    // One in five carries a neighbour's topic too: the classes overlap.
    const extra = rand() < 0.2 ? topics[(k + 1) % topics.length] : pick(filler);
    return { text: `${pick(filler)} ${topics[k]} ${extra} ${pick(filler)}`, label: `intent_${k}` };
  });
}

afterAll(closeTrainingThreads);

describe('training on worker threads', () => {
  it('gives exactly the model one thread gives (SVM classes and the softmax view spread over threads)', async () => {
    const train = intents(1200, 1);
    const one = await trainClassifier(train, {}, 1);
    const two = await trainClassifier(train, {}, 2);
    expect(one.options.softmaxShare).toBeGreaterThan(0);
    expect(two.labels).toEqual(one.labels);
    expect(two.temperature).toBe(one.temperature);
    expect(two.handoff).toBe(one.handoff);
    expect(Buffer.from(two.weights.buffer).equals(Buffer.from(one.weights.buffer))).toBe(true);
    // And it is a model that learned: held-out texts land in their intents.
    const test = intents(240, 2);
    const right = test.filter((e) => predict(two, e.text).label === e.label).length / test.length;
    expect(right).toBeGreaterThan(0.8);
  });

  it('reports a failure on a thread as a failed run, and the threads still work after it', async () => {
    const train = intents(600, 3);
    await expect(runTasks([{ kind: 'nonsense' } as never, { kind: 'nonsense' } as never], 2)).rejects.toThrow(/Unknown training task: nonsense/);
    const again = await trainClassifier(train, {}, 2);
    expect(again.labels).toHaveLength(12);
  });
});
