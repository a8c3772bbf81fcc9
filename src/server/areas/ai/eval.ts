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

/**
 * Column names public labelled sets use, in the order they are tried when the caller names none:
 * BANKING77 has text/category, CLINC150 text/intent, sentiment sets sentence or comment with sentiment.
 */
export const TEXT_COLUMNS = ['text', 'sentence', 'utterance', 'comment', 'content', 'review', 'query', 'question', 'message'];
export const LABEL_COLUMNS = ['label', 'category', 'intent', 'sentiment', 'class', 'labels', 'target'];

/** The field delimiter of a file: tab or semicolon when its header line has more of them than commas. */
function delimiterOf(header: string): string {
  const count = (c: string) => header.split(c).length - 1;
  const [tab, semi, comma] = [count('\t'), count(';'), count(',')];
  if (tab > comma && tab >= semi) return '\t';
  if (semi > comma) return ';';
  return ',';
}

/** The header's own spelling of a column asked for by name (any case), or of the first known name it has. */
function pickColumn(columns: string[], asked: string | undefined, known: string[], role: string, file: string, other?: string): string {
  const find = (name: string) => columns.find((c) => c.trim().toLowerCase() === name.toLowerCase());
  if (asked !== undefined) {
    const found = find(asked);
    if (found === undefined) throw new Error(`${file}: no column "${asked}" (columns: ${columns.join(', ')})`);
    return found;
  }
  for (const name of known) {
    const found = find(name);
    if (found !== undefined && found !== other) return found;
  }
  throw new Error(`${file}: no ${role} column (tried ${known.join(', ')}; columns: ${columns.join(', ')}); name it with --${role}-column`);
}

export interface LabelledFile {
  examples: Example[];
  textColumn: string;
  labelColumn: string;
}

/**
 * Reads a file's text and label columns (UTF-8, header row; comma, tab or semicolon separated). Columns not
 * named are found by the names public sets use (TEXT_COLUMNS, LABEL_COLUMNS); rows without text or label are left out.
 */
export function readLabelledFile(file: string, textColumn?: string, labelColumn?: string): LabelledFile {
  if (!fs.existsSync(file)) throw new Error(`File not found: ${file}`);
  const bytes = fs.readFileSync(file);
  const header = bytes.subarray(0, Math.min(bytes.length, 64 * 1024)).toString('utf8').split(/\r?\n/)[0] ?? '';
  const rows = parse(bytes, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true, delimiter: delimiterOf(header) }) as Record<string, string>[];
  if (rows.length === 0) throw new Error(`${file}: no rows`);
  const columns = Object.keys(rows[0]);
  const label = pickColumn(columns, labelColumn, LABEL_COLUMNS, 'label', file);
  const text = pickColumn(columns, textColumn, TEXT_COLUMNS, 'text', file, label);
  if (text === label) throw new Error(`${file}: the text and label columns are both "${text}"`);
  const examples = rows.filter((r) => (r[text] ?? '').trim() && (r[label] ?? '').trim()).map((r) => ({ text: r[text], label: r[label].trim() }));
  return { examples, textColumn: text, labelColumn: label };
}

/** Reads a CSV's text and label columns (see readLabelledFile). */
export function readLabelledCsv(file: string, textColumn?: string, labelColumn?: string): Example[] {
  return readLabelledFile(file, textColumn, labelColumn).examples;
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
