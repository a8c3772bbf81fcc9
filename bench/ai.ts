/**
 * `npm run bench -- ai`: the product's classifier on BANKING77's training side (5-fold stratified
 * cross-validation: accuracy, macro-F1, training time), training on all 10,003 examples, prediction
 * latency per message (p50/p99), out-of-scope hand-off with 15 of the 77 intents held out (in-scope
 * accuracy and out-of-scope recall per threshold), and the sentiment model's cross-validated macro-F1
 * on our own labelled set; then CLINC150's out-of-scope hand-off as `ai eval` measures it (trained on
 * its training side, scored on its validation side), and VLSP 2016 sentiment when VLSP_TSV points at it. Prints figures; asserts nothing. Then the knowledge-base figures when
 * that bench exists (bench/ai-knowledge.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { predict, rng, trainClassifier, type Example } from '../src/server/areas/ai/model/classifier.js';
import { crossValidate, score, stratifiedFolds } from '../src/server/areas/ai/model/evaluate.js';
import { evaluate, HANDOFF_THRESHOLD, readLabelledCsv } from '../src/server/areas/ai/eval.js';
import { bundledSentimentExamples, SENTIMENT_OPTIONS } from '../src/server/areas/ai/sentiment.js';

const file = process.env.BANKING77 ?? path.resolve(import.meta.dirname, '../../shared/data/support-intents/banking77/train.csv');
const cpu = () => process.cpuUsage().user / 1e6;
const pct = (a: number[], q: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(q * a.length))];
const f3 = (x: number) => x.toFixed(3);

if (!fs.existsSync(file)) {
  console.log(`BANKING77 not found at ${file} (set BANKING77=…/train.csv)`);
} else {
  const data = readLabelledCsv(file, 'text', 'category');
  console.log(`BANKING77 training side: ${data.length} examples, ${new Set(data.map((e) => e.label)).size} intents`);

  let c0 = cpu();
  const cv = await crossValidate(data, 5);
  console.log(`5-fold CV: accuracy ${f3(cv.accuracy)}, macro-F1 ${f3(cv.macroF1)}; training per fold (${Math.round(data.length * 0.8)} examples) ${cv.trainSeconds.toFixed(2)} s wall; all folds ${(cpu() - c0).toFixed(1)} s CPU`);

  c0 = cpu();
  const t0 = performance.now();
  const model = await trainClassifier(data);
  console.log(`Training on all ${data.length}: ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${(cpu() - c0).toFixed(2)} s CPU (2-core machine, shared); ${model.vocab.hashes.length} features`);

  const lat: number[] = [];
  for (const e of data.slice(0, 2000)) {
    const s = performance.now();
    predict(model, e.text);
    lat.push(performance.now() - s);
  }
  console.log(`Prediction latency per message: p50 ${pct(lat, 0.5).toFixed(3)} ms, p99 ${pct(lat, 0.99).toFixed(3)} ms`);

  // Out of scope: 15 intents never seen in training; each fold's test side has them as "oos".
  const intents = [...new Set(data.map((e) => e.label))].sort();
  const rand = rng(42);
  for (let i = intents.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [intents[i], intents[j]] = [intents[j], intents[i]];
  }
  const oos = new Set(intents.slice(0, 15));
  const fold = stratifiedFolds(data.map((e) => e.label), 5, 7);
  const results: { truth: string; label: string; confidence: number; handoff: number; handOff: boolean }[] = [];
  for (let f = 0; f < 5; f++) {
    const m = await trainClassifier(data.filter((e, i) => fold[i] !== f && !oos.has(e.label)));
    const handoff = m.handoff ?? HANDOFF_THRESHOLD;
    data.forEach((e, i) => {
      if (fold[i] !== f) return;
      const p = predict(m, e.text);
      results.push({ truth: oos.has(e.label) ? 'oos' : e.label, label: p.label, confidence: p.confidence, handoff, handOff: p.handOff });
    });
  }
  console.log('Out-of-scope (15 of 77 intents held out, 5-fold): threshold → in-scope right / out-of-scope handed off');
  for (const th of [0.2, 0.3, 0.4, HANDOFF_THRESHOLD, 0.6, 0.7, 0.8]) {
    const inScope = results.filter((r) => r.truth !== 'oos');
    const out = results.filter((r) => r.truth === 'oos');
    const right = inScope.filter((r) => r.confidence >= th && r.label === r.truth).length / inScope.length;
    const handed = out.filter((r) => r.confidence < th).length / out.length;
    console.log(`  ${th.toFixed(2)}${th === HANDOFF_THRESHOLD ? ' (default for models without a fitted one)' : ''}: ${f3(right)} / ${f3(handed)}`);
  }
  {
    // What `ai eval` uses: each fold's model's own threshold, fitted on its training side only.
    const inScope = results.filter((r) => r.truth !== 'oos');
    const out = results.filter((r) => r.truth === 'oos');
    // The fitted threshold is on the hand-off score (confidence + similarity to the nearest class).
    const right = inScope.filter((r) => !r.handOff && r.label === r.truth).length / inScope.length;
    const handed = out.filter((r) => r.handOff).length / out.length;
    const fitted = [...new Set(results.map((r) => r.handoff.toFixed(3)))].join(', ');
    console.log(`  fitted per fold (${fitted}): ${f3(right)} / ${f3(handed)}; in-scope accuracy without hand-off ${f3(inScope.filter((r) => r.label === r.truth).length / inScope.length)}`);
  }

  const sentiment: Example[] = bundledSentimentExamples();
  const scv = await crossValidate(sentiment, 5, SENTIMENT_OPTIONS);
  const s = score(sentiment.map((e) => e.label), scv.predictions.map((p) => p.label));
  console.log(`Sentiment (our ${sentiment.length} labelled messages, 5-fold CV): macro-F1 ${f3(s.macroF1)}, accuracy ${f3(s.accuracy)}`);
}

{
  // CLINC150 (bench/corpus/clinc150, CC BY 3.0): out-of-scope questions of every kind, as `ai eval` runs it.
  const dir = path.resolve(import.meta.dirname, 'corpus/clinc150');
  const train = readLabelledCsv(path.join(dir, 'train.csv'), 'text', 'label');
  const val = readLabelledCsv(path.join(dir, 'val.csv'), 'text', 'label');
  const plus = readLabelledCsv(path.join(dir, 'oos-plus-train.csv'), 'text', 'label');
  const sets: [string, Example[]][] = [
    ['100 out-of-scope in training', train],
    ['OOS+ (250 out-of-scope in training)', [...train, ...plus]],
  ];
  for (const [name, set] of sets) {
    const c0 = cpu();
    const r = await evaluate(set, val, { oosLabel: 'oos' });
    console.log(
      `CLINC150 ${name} → validation side (${val.length}): in-scope right ${f3(r.inScopeAccuracy ?? 0)}, out-of-scope handed off ${f3(r.oosRecall ?? 0)}, accuracy ${f3(r.accuracy)}; training on ${set.length}: ${r.trainSeconds.toFixed(1)} s wall, ${(cpu() - c0).toFixed(1)} s CPU (all threads)`,
    );
  }
}

{
  // VLSP 2016 sentiment (research licence: never in the repository). VLSP_TSV = its training side as
  // tab-separated "Class<TAB>Data" (-1/0/1), e.g. from hoangphu7122002/sa_web_mining dataset/sentiment_train.csv.
  const vlsp = process.env.VLSP_TSV;
  if (vlsp && fs.existsSync(vlsp)) {
    const names: Record<string, string> = { '-1': 'negative', '0': 'neutral', '1': 'positive' };
    const data: Example[] = fs
      .readFileSync(vlsp, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => [line.slice(0, line.indexOf('\t')).trim(), line.slice(line.indexOf('\t') + 1)])
      .filter(([c, text]) => names[c] && text.trim())
      .map(([c, text]) => ({ text, label: names[c] }));
    const c0 = cpu();
    const cv = await crossValidate(data, 5);
    console.log(`VLSP 2016 sentiment training side (${data.length}), 5-fold CV as ai eval trains: macro-F1 ${f3(cv.macroF1)}, accuracy ${f3(cv.accuracy)}; ${(cpu() - c0).toFixed(1)} s CPU`);
  } else {
    console.log('VLSP 2016 sentiment: set VLSP_TSV to its training side to measure it');
  }
}

const knowledge = path.resolve(import.meta.dirname, 'ai-knowledge.ts');
if (fs.existsSync(knowledge)) await import(pathToFileURL(knowledge).href);
