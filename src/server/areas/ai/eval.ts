import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { predict, trainClassifier, type Example } from './model/classifier.js';
import { score } from './model/evaluate.js';

/**
 * Below this calibrated confidence a prediction is not trusted: the AI hands the conversation to a
 * human (and `ai eval --out-of-scope-label` counts the example as handed off). A model fitted its
 * own threshold on its held-out share (TrainedClassifier.handoff); this one serves models without it.
 */
export const HANDOFF_THRESHOLD = 0.5;

/** Reads a CSV's text and label columns (UTF-8, header row). */
export function readLabelledCsv(file: string, textColumn: string, labelColumn: string): Example[] {
  if (!fs.existsSync(file)) throw new Error(`File not found: ${file}`);
  const rows = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  if (rows.length === 0) throw new Error(`${file}: no rows`);
  for (const c of [textColumn, labelColumn]) if (!(c in rows[0])) throw new Error(`${file}: no column "${c}" (columns: ${Object.keys(rows[0]).join(', ')})`);
  return rows.filter((r) => (r[textColumn] ?? '').trim() && (r[labelColumn] ?? '').trim()).map((r) => ({ text: r[textColumn], label: r[labelColumn].trim() }));
}

export interface EvalResult {
  accuracy: number;
  macroF1: number;
  trainSeconds: number;
  n: number;
  inScopeAccuracy?: number;
  oosRecall?: number;
}

/**
 * Trains from scratch on `train` with the product's training code and predicts `test` with its
 * prediction code. With an out-of-scope label, a prediction the model hands to a human (its hand-off
 * score below the threshold it fitted; or the confidence below `threshold` when one is given; or a
 * prediction of that label, when the training data has it) counts as predicted out-of-scope.
 */
export async function evaluate(train: Example[], test: Example[], o: { oosLabel?: string; threshold?: number } = {}): Promise<EvalResult> {
  const t0 = performance.now();
  const model = await trainClassifier(train, o.oosLabel !== undefined ? { outOfScopeLabels: [o.oosLabel] } : {});
  const trainSeconds = (performance.now() - t0) / 1000;
  const predicted = test.map((e) => {
    const p = predict(model, e.text);
    if (o.oosLabel === undefined) return p.label;
    const handOff = o.threshold !== undefined ? p.confidence < o.threshold : model.handoff !== undefined ? p.handOff : p.confidence < HANDOFF_THRESHOLD;
    return handOff ? o.oosLabel : p.label;
  });
  const s = score(test.map((e) => e.label), predicted);
  const out: EvalResult = { accuracy: s.accuracy, macroF1: s.macroF1, trainSeconds: Math.round(trainSeconds * 1000) / 1000, n: test.length };
  if (o.oosLabel !== undefined) {
    const inScope = test.map((e, i) => i).filter((i) => test[i].label !== o.oosLabel);
    const oos = test.map((e, i) => i).filter((i) => test[i].label === o.oosLabel);
    out.inScopeAccuracy = inScope.length ? inScope.filter((i) => predicted[i] === test[i].label).length / inScope.length : 0;
    out.oosRecall = oos.length ? oos.filter((i) => predicted[i] === o.oosLabel).length / oos.length : 0;
  }
  return out;
}
