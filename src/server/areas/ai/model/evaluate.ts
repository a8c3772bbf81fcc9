import { predict, rng, trainClassifier, type ClassifierOptions, type Example, type Prediction } from './classifier.js';

/** Precision, recall and F1 of one class. */
export interface ClassScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Examples of this class in the evaluated set. */
  support: number;
}

export interface Scores {
  accuracy: number;
  macroF1: number;
  n: number;
  perClass: ClassScore[];
}

/** Accuracy, macro-F1 (over the true labels' classes) and per-class scores. */
export function score(truth: readonly string[], predicted: readonly string[]): Scores {
  const labels = [...new Set(truth)].sort();
  const tp = new Map<string, number>();
  const predCount = new Map<string, number>();
  const support = new Map<string, number>();
  let right = 0;
  for (let i = 0; i < truth.length; i++) {
    support.set(truth[i], (support.get(truth[i]) ?? 0) + 1);
    predCount.set(predicted[i], (predCount.get(predicted[i]) ?? 0) + 1);
    if (truth[i] === predicted[i]) {
      right++;
      tp.set(truth[i], (tp.get(truth[i]) ?? 0) + 1);
    }
  }
  const perClass = labels.map((label) => {
    const t = tp.get(label) ?? 0;
    const p = predCount.get(label) ?? 0;
    const s = support.get(label) ?? 0;
    const precision = p ? t / p : 0;
    const recall = s ? t / s : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support: s };
  });
  const macroF1 = perClass.length ? perClass.reduce((a, c) => a + c.f1, 0) / perClass.length : 0;
  return { accuracy: truth.length ? right / truth.length : 0, macroF1, n: truth.length, perClass };
}

/** Stratified k folds: fold number per example (classes dealt round-robin after a seeded shuffle). */
export function stratifiedFolds(labels: readonly string[], k: number, seed = 1): number[] {
  const rand = rng(seed);
  const byClass = new Map<string, number[]>();
  labels.forEach((l, i) => byClass.set(l, [...(byClass.get(l) ?? []), i]));
  const fold = new Array<number>(labels.length).fill(0);
  let next = 0;
  for (const members of [...byClass.values()]) {
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [members[i], members[j]] = [members[j], members[i]];
    }
    for (const m of members) fold[m] = next++ % k;
  }
  return fold;
}

export interface CrossValidation extends Scores {
  folds: number;
  /** Out-of-fold prediction per example. */
  predictions: Prediction[];
  trainSeconds: number;
}

/** k-fold cross-validation with the product's own training (stratified, seeded). */
export async function crossValidate(examples: readonly Example[], k: number, options: Partial<ClassifierOptions> = {}, seed = 1): Promise<CrossValidation> {
  const fold = stratifiedFolds(examples.map((e) => e.label), k, seed);
  const predictions: Prediction[] = new Array<Prediction>(examples.length);
  let trainSeconds = 0;
  for (let f = 0; f < k; f++) {
    const train = examples.filter((_, i) => fold[i] !== f);
    if (new Set(train.map((e) => e.label)).size < 2) continue;
    const t0 = performance.now();
    const model = await trainClassifier(train, options);
    trainSeconds += (performance.now() - t0) / 1000;
    examples.forEach((e, i) => {
      if (fold[i] === f) predictions[i] = predict(model, e.text);
    });
  }
  const done = examples.map((_, i) => i).filter((i) => predictions[i]);
  const s = score(done.map((i) => examples[i].label), done.map((i) => predictions[i].label));
  return { ...s, folds: k, predictions, trainSeconds: trainSeconds / k };
}
