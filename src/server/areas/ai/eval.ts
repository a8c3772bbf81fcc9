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
 * BANKING77 has text/category, CLINC150 text/intent, sentiment sets sentence or comment with sentiment,
 * VLSP 2016 (as usually shared) Data/Class.
 */
export const TEXT_COLUMNS = ['text', 'sentence', 'utterance', 'comment', 'content', 'review', 'query', 'question', 'message', 'data', 'body', 'document', 'tweet'];
export const LABEL_COLUMNS = ['label', 'category', 'intent', 'sentiment', 'class', 'labels', 'target', 'polarity', 'y'];

type Row = Record<string, string>;

/** The field delimiter of a file: tab or semicolon when its header line has more of them than commas. */
function delimiterOf(header: string): string {
  const count = (c: string) => header.split(c).length - 1;
  const [tab, semi, comma] = [count('\t'), count(';'), count(',')];
  if (tab > comma && tab >= semi) return '\t';
  if (semi > comma) return ';';
  return ',';
}

/** A column's spelling in the header for a name asked for (any case and surrounding spaces). */
const findColumn = (columns: string[], name: string) => columns.find((c) => c.trim().toLowerCase() === name.toLowerCase());

/** The first known name the header has (not `other`). */
function byName(columns: string[], known: string[], other?: string): string | undefined {
  for (const name of known) {
    const found = findColumn(columns, name);
    if (found !== undefined && found !== other) return found;
  }
  return undefined;
}

/** What a column's values look like (on the first 5,000 rows): their mean length and how many differ. */
function profile(rows: Row[], column: string) {
  const values = rows.slice(0, 5000).map((r) => (r[column] ?? '').trim());
  return { column, meanLength: values.reduce((n, v) => n + v.length, 0) / Math.max(1, values.length), distinct: new Set(values).size, rows: values.length };
}

/**
 * Columns no known name matched, told by their values: the text is the column of clearly the longest
 * values (half as long again as any other), the label the column among the rest with the fewest
 * distinct values (repeated ones: a column unique on every row is an id). Undefined when that is not clear.
 */
function byContent(rows: Row[], columns: string[], role: 'text' | 'label', other?: string): string | undefined {
  const candidates = columns.filter((c) => c !== other).map((c) => profile(rows, c));
  if (role === 'text') {
    const [first, second] = [...candidates].sort((a, b) => b.meanLength - a.meanLength);
    return first && first.meanLength > 0 && (!second || first.meanLength >= 1.5 * second.meanLength) ? first.column : undefined;
  }
  const repeated = candidates.filter((p) => p.distinct < p.rows && p.distinct > 0).sort((a, b) => a.distinct - b.distinct || a.meanLength - b.meanLength);
  return repeated.length === 1 || (repeated.length > 1 && repeated[0].distinct < repeated[1].distinct) ? repeated[0].column : undefined;
}

/** The header's own spelling of the column for a role: as asked, else by a known name, else by its values. */
function pickColumn(rows: Row[], columns: string[], asked: string | undefined, role: 'text' | 'label', file: string, other?: string): { column: string; how: string } {
  if (asked !== undefined) {
    const found = findColumn(columns, asked);
    if (found === undefined) throw new Error(`${file}: no column "${asked}" (columns: ${columns.join(', ')})`);
    return { column: found, how: 'named' };
  }
  const known = role === 'text' ? TEXT_COLUMNS : LABEL_COLUMNS;
  const named = byName(columns, known, other);
  if (named !== undefined) return { column: named, how: 'by name' };
  const seen = byContent(rows, columns, role, other);
  if (seen !== undefined) return { column: seen, how: 'by its values' };
  throw new Error(`${file}: no ${role} column (tried ${known.join(', ')}, and could not tell it by the values; columns: ${columns.join(', ')}); name it with --${role}-column`);
}

export interface LabelledFile {
  examples: Example[];
  textColumn: string;
  labelColumn: string;
  /** How each column was chosen: "named", "by name" or "by its values". */
  how: { text: string; label: string };
}

/** The text as one JSON value, or undefined when it is not one (JSON Lines, or broken). */
function wholeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A file's rows: JSON Lines or a JSON array (of objects, or of [text, label] pairs, whose columns are
 * then "0" and "1"), else delimited text with a header row (comma, tab or semicolon).
 */
function readRows(file: string, bytes: Buffer): Row[] {
  const start = bytes.subarray(0, Math.min(bytes.length, 64 * 1024)).toString('utf8').replace(/^\uFEFF/, '');
  const first = start.trimStart()[0];
  if (first === '[' || first === '{') {
    const textAll = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const whole = wholeJson(textAll);
    // One object holding named lists is a data set's splits (CLINC150's data_full.json: train, val, test…).
    if (whole && !Array.isArray(whole) && typeof whole === 'object' && Object.values(whole).some(Array.isArray)) {
      const splits = Object.keys(whole).filter((k) => Array.isArray((whole as Record<string, unknown>)[k]));
      throw new Error(`${file}: holds several lists (${splits.join(', ')}); write the one to use to a file of its own`);
    }
    let items: unknown[];
    try {
      items = Array.isArray(whole) ? whole : textAll.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
    } catch (err) {
      throw new Error(`${file}: not valid JSON${first === '{' ? ' Lines' : ''} (${(err as Error).message})`, { cause: err });
    }
    return items.map((item) => {
      const entries = Array.isArray(item) ? item.map((v, i) => [String(i), v] as const) : Object.entries((item ?? {}) as Record<string, unknown>);
      return Object.fromEntries(entries.map(([k, v]) => [k, v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)]));
    });
  }
  const header = start.split(/\r?\n/)[0] ?? '';
  return parse(bytes, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true, delimiter: delimiterOf(header) }) as Row[];
}

/**
 * Reads a file's text and label columns (UTF-8; see readRows for the formats). Columns not named are found
 * by the names public sets use (TEXT_COLUMNS, LABEL_COLUMNS), else by their values (byContent); rows
 * without text or label are left out.
 */
export function readLabelledFile(file: string, textColumn?: string, labelColumn?: string): LabelledFile {
  if (!fs.existsSync(file)) throw new Error(`File not found: ${file}`);
  const rows = readRows(file, fs.readFileSync(file));
  if (rows.length === 0) throw new Error(`${file}: no rows`);
  const columns = [...new Set(rows.slice(0, 100).flatMap((r) => Object.keys(r)))];
  // A label named or known by name is taken first, and the text looked for among the other columns;
  // otherwise the text first (its values tell it more surely), then the label among the rest.
  const labelFirst = labelColumn !== undefined || byName(columns, LABEL_COLUMNS) !== undefined;
  let text: { column: string; how: string };
  let label: { column: string; how: string };
  if (labelFirst) {
    label = pickColumn(rows, columns, labelColumn, 'label', file);
    text = pickColumn(rows, columns, textColumn, 'text', file, label.column);
  } else {
    text = pickColumn(rows, columns, textColumn, 'text', file);
    label = pickColumn(rows, columns, labelColumn, 'label', file, text.column);
  }
  if (text.column === label.column) throw new Error(`${file}: the text and label columns are both "${text.column}"`);
  const examples = rows
    .filter((r) => (r[text.column] ?? '').trim() && (r[label.column] ?? '').trim())
    .map((r) => ({ text: r[text.column], label: r[label.column].trim() }));
  return { examples, textColumn: text.column, labelColumn: label.column, how: { text: text.how, label: label.how } };
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
