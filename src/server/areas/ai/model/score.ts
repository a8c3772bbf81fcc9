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
