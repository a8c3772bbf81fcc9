import { predict, rng, trainClassifier, type ClassifierOptions, type Example, type Prediction } from './classifier.js';
import { score, type Scores } from './score.js';

export { score, type ClassScore, type Scores } from './score.js';

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
