import {
  buildVocabulary,
  countFeatures,
  DEFAULT_FEATURES,
  FEW_CLASS_FEATURES,
  indexVocabulary,
  splitBlocks,
  vectorise,
  type FeatureOptions,
  type SparseRows,
  type Vocabulary,
} from './features.js';
import { rng } from './rng.js';
import { score } from './score.js';
import { DEFAULT_MLP, type Mlp, type MlpOptions } from './neural.js';
import { shuffleInPlace } from './svm.js';
import { runTasks, shared, shareRows, trainingThreads } from './train-pool.js';
import type { TrainTask } from './train-tasks.js';

/**
 * The one text classifier of the product (ticket fields, sentiment) and of `ai eval`: hashed TF-IDF
 * features into a one-vs-rest linear SVM (L2-regularised squared hinge), trained by dual coordinate
 * descent with shrinking as in liblinear, with confidences from a softmax over the margins whose
 * temperature is fitted on a held-out part of the training data, so a threshold on them means roughly
 * "this share of predictions at this confidence is right".
 */

export interface ClassifierOptions {
  /** SVM cost (higher = fit the training data harder). */
  C: number;
  /** Keep a feature only when this many training texts have it. */
  minDf: number;
  /** Dual coordinate descent passes per class at most. */
  maxIter: number;
  /** Stopping tolerance on the projected gradient (liblinear's default 0.1). */
  eps: number;
  seed: number;
  /** Fit the softmax temperature on a held-out share (fraction) of the data; 0 = keep the default. */
  calibrationShare: number;
  /**
   * The hand-off threshold is fitted on the held-out share so that at most this share of the
   * predictions that were right falls below it (those would be handed to a human needlessly).
   */
  handoffLoss: number;
  /**
   * Beyond `handoffLoss`, the threshold rises while at least this share of the held-out in-scope
   * questions stay answered right (and at most `handoffMaxLoss` of the right answers are handed
   * off): a model that is right more often hands off more of what it is unsure of.
   */
  handoffKeep?: number;
  handoffMaxLoss?: number;
  /**
   * Labels that mean "none of the above" (CLINC150's "oos"): predicting one is a hand-off, and they
   * have no place in the in-scope similarity.
   */
  outOfScopeLabels?: string[];
  /**
   * Weight of the in-scope similarity (cosine to the nearest class centroid) added to the
   * confidence in the hand-off score; 0 = the confidence alone.
   */
  scopeWeight?: number;
  /**
   * Weight of how near an out-of-scope label came to winning, subtracted from the hand-off score:
   * w × exp((its margin − the best margin) / T), 1 when it wins. A question the out-of-scope class
   * almost took is handed off more readily (CLINC150 training side + its OOS+ examples, our 5 folds:
   * out-of-scope handed off at the same in-scope share: 80.0 → 83.6 % with 5, 85.3 % with 20, the
   * gain growing with the weight up to about 20; a linear term in the margin gap hurt). 0 or absent = not used.
   */
  outOfScopeWeight?: number;
  /**
   * Train the word block and the character block as two models and add their margins (an ensemble
   * of two views) instead of one model over both.
   */
  splitBlocks?: boolean;
  /**
   * Share of the ensemble's vote given to a second view: a softmax (multinomial logistic
   * regression) over the same features, trained jointly over all classes by cross-entropy, where
   * the SVM is one-vs-rest. Both views' log-probabilities are linear in the features, so their
   * calibrated blend is one linear model again: prediction costs what the SVM alone did. 0 (and
   * absent, in models stored before it) = the SVM alone.
   */
  softmaxShare?: number;
  /** NBSVM scaling of each class's features (see SvmOptions.nbPower); 0 or absent = off. */
  nbPower?: number;
  /**
   * With few classes, choose `nbPower` (when not given) on three folds of the training data first
   * (see TUNE_MAX_CLASSES); false = train as given. Stored models say false: already chosen.
   */
  tune?: boolean;
  /** Training of the softmax view (Adam, mini-batches; epochs on the calibration split, then a warm finish on everything). */
  softmax?: Partial<MlpOptions> & { finishEpochs?: number };
  features: FeatureOptions;
}

export const DEFAULT_CLASSIFIER: ClassifierOptions = {
  C: 1,
  minDf: 2,
  maxIter: 60,
  eps: 0.1,
  seed: 1,
  calibrationShare: 0.2,
  handoffLoss: 0.02,
  handoffKeep: 0.9,
  handoffMaxLoss: 0.035,
  scopeWeight: 1,
  outOfScopeWeight: 20,
  softmaxShare: 0.3,
  softmax: { hidden: 0, epochs: 3, lr: 0.03, batch: 128, dropout: 0, finishEpochs: 1 },
  features: DEFAULT_FEATURES,
};

export interface Example {
  text: string;
  label: string;
}

export interface TrainedClassifier {
  labels: string[];
  vocab: Vocabulary;
  /** Feature-major weights: column c, class k at [c * K + k]; the last row is the bias. */
  weights: Float32Array;
  temperature: number;
  /** Below this hand-off score a prediction is handed to a human (fitted at training; absent in models stored before it was). */
  handoff?: number;
  /**
   * Each class's centroid (l2-normalised mean of its training rows), feature-major like `weights`,
   * bias row zero; absent in models stored before it (their hand-off score is the confidence).
   */
  centroids?: Float32Array;
  options: ClassifierOptions;
  trainedOn: number;
}

export interface Prediction {
  label: string;
  /** Calibrated probability of `label`. */
  confidence: number;
  /** Every label with its probability, best first. */
  ranked: { label: string; p: number }[];
  /**
   * The hand-off score: the confidence plus the weighted cosine of the text to its nearest in-scope
   * class centroid (a question unlike any the model was trained on scores low even when one class
   * wins clearly); 0 when the prediction is an out-of-scope label.
   */
  scope: number;
  /** Below the model's fitted hand-off threshold: hand it to a human. */
  handOff: boolean;
}

export { rng };

function marginsOf(X: SparseRows, r: number, weights: Float32Array, K: number, out: Float64Array) {
  out.fill(0);
  for (let j = X.offsets[r]; j < X.offsets[r + 1]; j++) {
    const base = X.indices[j] * K;
    const v = X.values[j];
    for (let k = 0; k < K; k++) out[k] += weights[base + k] * v;
  }
}

function softmax(m: Float64Array, t: number, out: Float64Array) {
  let max = -Infinity;
  for (let k = 0; k < m.length; k++) if (m[k] > max) max = m[k];
  let sum = 0;
  for (let k = 0; k < m.length; k++) sum += out[k] = Math.exp((m[k] - max) / t);
  for (let k = 0; k < m.length; k++) out[k] /= sum;
}

/** Margins of a linear SVM on tf-idf features sit within about ±1.5; this spreads them about as fitted ones do, and is the floor of the fit. */
const DEFAULT_TEMPERATURE = 0.1;

/** The temperature minimising the negative log-likelihood of held-out margins (golden-section on log T). */
function fitTemperature(margins: Float64Array[], truth: number[]): number {
  if (margins.length === 0) return DEFAULT_TEMPERATURE;
  const K = margins[0].length;
  const p = new Float64Array(K);
  const nll = (logT: number) => {
    const t = Math.exp(logT);
    let s = 0;
    for (let i = 0; i < margins.length; i++) {
      softmax(margins[i], t, p);
      s -= Math.log(Math.max(p[truth[i]], 1e-12));
    }
    return s;
  };
  // Never sharper than the default: a tiny, perfectly separated held-out set would drive T to zero
  // and every prediction to 100 %.
  let a = Math.log(DEFAULT_TEMPERATURE);
  let b = Math.log(5);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = nll(c);
  let fd = nll(d);
  for (let it = 0; it < 40; it++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = nll(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = nll(d);
    }
  }
  return Math.exp((a + b) / 2);
}

/**
 * The hand-off threshold, from the held-out predictions of in-scope questions: at least the score
 * below which `loss` of the right ones fall (handing off below it costs that share of right answers
 * and catches whatever the model is unsure of or has never seen the like of), raised while `keep`
 * of all of them stay answered right and at most `maxLoss` of the right ones are handed off.
 * Undefined when too few held-out predictions were right.
 */
function fitHandoff(margins: Float64Array[], scopes: number[], truth: number[], temperature: number, o: { loss: number; keep: number; maxLoss: number }): number | undefined {
  const p = new Float64Array(margins[0]?.length ?? 0);
  const right: number[] = [];
  margins.forEach((m, i) => {
    softmax(m, temperature, p);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    if (best === truth[i]) right.push(p[best] + scopes[i]);
  });
  if (right.length < 20) return undefined;
  right.sort((a, b) => a - b);
  let lost = Math.floor(o.loss * right.length);
  // Right answers that may still be handed off with `keep` of all questions answered right.
  const spare = right.length - Math.ceil(o.keep * margins.length);
  lost = Math.max(lost, Math.min(spare, Math.floor(o.maxLoss * right.length)));
  return right[Math.min(lost, right.length - 1)];
}

/**
 * Class centroids over `rows` of X: the l2-normalised sum of each class's rows (bias column left
 * out), feature-major (column c, class k at [c * K + k]); out-of-scope classes stay zero.
 */
function centroidsOf(X: SparseRows, rows: ArrayLike<number>, y: Int32Array, K: number, dim: number, skip: Set<number>): Float32Array {
  const bias = dim - 1;
  const c = new Float32Array(dim * K);
  for (let s = 0; s < rows.length; s++) {
    const r = rows[s];
    const k = y[r];
    if (skip.has(k)) continue;
    for (let j = X.offsets[r]; j < X.offsets[r + 1]; j++) if (X.indices[j] !== bias) c[X.indices[j] * K + k] += X.values[j];
  }
  const norm = new Float64Array(K);
  for (let i = 0; i < c.length; i++) norm[i % K] += c[i] * c[i];
  for (let i = 0; i < c.length; i++) if (norm[i % K] > 0) c[i] /= Math.sqrt(norm[i % K]);
  return c;
}

/** exp((best out-of-scope margin − best margin) / T): 1 when an out-of-scope label wins, near 0 when it is far behind. */
function outOfScopeCloseness(m: Float64Array, temperature: number, outOfScope: readonly number[]): number {
  if (outOfScope.length === 0) return 0;
  let best = -Infinity;
  for (let k = 0; k < m.length; k++) if (m[k] > best) best = m[k];
  let oos = -Infinity;
  for (const k of outOfScope) if (m[k] > oos) oos = m[k];
  return Math.exp((oos - best) / temperature);
}

/** Cosine of row r of X to its nearest centroid (the row's own norm without the bias column). */
function nearestCentroid(X: SparseRows, r: number, centroids: Float32Array, K: number, bias: number, out: Float64Array): number {
  marginsOf(X, r, centroids, K, out);
  let norm = 0;
  for (let j = X.offsets[r]; j < X.offsets[r + 1]; j++) if (X.indices[j] !== bias) norm += X.values[j] * X.values[j];
  let best = 0;
  for (let k = 0; k < K; k++) if (out[k] > best) best = out[k];
  return norm > 0 ? best / Math.sqrt(norm) : 0;
}

/** Stratified split: about `share` of each class goes to the held-out side. */
function stratifiedHoldout(y: Int32Array, K: number, share: number, rand: () => number): { train: number[]; held: number[] } {
  const byClass: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  const train: number[] = [];
  const held: number[] = [];
  for (const members of byClass) {
    const idx = Int32Array.from(members);
    shuffleInPlace(idx, idx.length, rand);
    const h = members.length >= 3 ? Math.max(1, Math.round(members.length * share)) : 0;
    for (let s = 0; s < idx.length; s++) (s < h ? held : train).push(idx[s]);
  }
  return { train, held };
}

/** Stratified folds: each class's examples shuffled and dealt round-robin; fold number per example. */
function foldsOf(y: Int32Array, K: number, k: number, rand: () => number): Int32Array {
  const fold = new Int32Array(y.length);
  let next = 0;
  for (let c = 0; c < K; c++) {
    const members = Int32Array.from(y.keys()).filter((i) => y[i] === c);
    shuffleInPlace(members, members.length, rand);
    for (const i of members) fold[i] = next++ % k;
  }
  return fold;
}

/** Below this much work (examples × classes) threads cost more to start than they save. */
const PARALLEL_MIN_WORK = 100_000;

/**
 * With this many classes or fewer (sentiment, priority…) training first tries the NBSVM scaling on
 * and off on three folds of the training data and keeps what scores best: it is cheap there, and
 * whether it helps depends on the data (NBSVM: +3 points macro-F1 on Vietnamese product comments,
 * −0.6 on 77 banking intents at twice the training time).
 */
const TUNE_MAX_CLASSES = 10;
const TUNE_MIN_EXAMPLES = 200;
const TUNE_FOLDS = 3;

/**
 * Trains a classifier from labelled texts (at least two labels). The classes' SVMs and the softmax
 * view train on worker threads when the set is large enough (`threads`: how many; 1 = this thread);
 * the model is the same either way.
 */
export async function trainClassifier(examples: readonly Example[], options: Partial<ClassifierOptions> = {}, threads?: number): Promise<TrainedClassifier> {
  const labels = new Set(examples.map((e) => e.label));
  // Few classes: the feeling cues too, unless the caller chose the features (stored models say).
  if (labels.size <= TUNE_MAX_CLASSES && !options.features) options = { ...options, features: FEW_CLASS_FEATURES };
  if (options.tune === false || labels.size > TUNE_MAX_CLASSES || labels.size < 2 || examples.length < TUNE_MIN_EXAMPLES) return trainOnce(examples, options, threads);
  // Vary only what the caller left open.
  const nb = 'nbPower' in options ? [options.nbPower] : [0, 1];
  // The softmax share is not varied: the tuning folds' models train without a calibration share, so
  // without the blend, and scored the same with either share (the first, the default, always won).
  const share = ['softmaxShare' in options ? options.softmaxShare : DEFAULT_CLASSIFIER.softmaxShare];
  const candidates = nb.flatMap((nbPower) => share.map((softmaxShare) => ({ nbPower, softmaxShare })));
  let best = candidates[0];
  if (candidates.length > 1) {
    const index = [...labels].sort();
    const y = Int32Array.from(examples.map((e) => index.indexOf(e.label)));
    // Scored over TUNE_FOLDS folds, not one held-out share: on one share of 1,000 comments the
    // candidates' order is mostly noise (VLSP sentiment: 0.698 chosen so against 0.705 always NBSVM).
    const fold = foldsOf(y, index.length, TUNE_FOLDS, rng((options.seed ?? DEFAULT_CLASSIFIER.seed) + 13));
    let bestScore = -1;
    for (const c of candidates) {
      const predicted: string[] = new Array<string>(examples.length);
      for (let f = 0; f < TUNE_FOLDS; f++) {
        const m = await trainOnce(examples.filter((_, i) => fold[i] !== f), { ...options, ...c, calibrationShare: 0 }, threads);
        examples.forEach((e, i) => {
          if (fold[i] === f) predicted[i] = predict(m, e.text).label;
        });
      }
      const s = score(examples.map((e) => e.label), predicted).macroF1;
      if (s > bestScore) [best, bestScore] = [c, s];
    }
  }
  return trainOnce(examples, { ...options, ...best, tune: false }, threads);
}

async function trainOnce(examples: readonly Example[], options: Partial<ClassifierOptions>, threads?: number): Promise<TrainedClassifier> {
  const o: ClassifierOptions = { ...DEFAULT_CLASSIFIER, ...options };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new Error('A classifier needs at least two labels');
  const K = labels.length;
  const parallel = threads ?? (examples.length * K >= PARALLEL_MIN_WORK ? trainingThreads() : 1);
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const y = shared(Int32Array.from(examples.map((e) => labelIndex.get(e.label) ?? 0)));
  const docs = examples.map((e) => countFeatures(e.text, o.features));
  const vocab = buildVocabulary(docs, Math.min(o.minDf, Math.max(1, Math.floor(examples.length / 50))));
  const X = vectorise(docs, vocab, o.features);
  const dim = vocab.hashes.length + 1;
  const views = (o.splitBlocks ? splitBlocks(X, vocab) : [X]).map((v) => (parallel > 1 ? shareRows(v) : v));
  const alphas = views.map(() => Array.from({ length: K }, () => shared(new Float32Array(examples.length))));
  const svmOptions = { C: o.C, maxIter: o.maxIter, eps: o.eps, seed: o.seed, nbPower: o.nbPower };
  // Groups of classes small enough that the threads finish together.
  const groupSize = parallel > 1 ? Math.max(1, Math.ceil(K / (parallel * 4))) : K;
  const groups: number[][] = [];
  for (let k = 0; k < K; k += groupSize) groups.push(Array.from({ length: Math.min(groupSize, K - k) }, (_, i) => k + i));
  const svmTasks = (rows: Int32Array): TrainTask[] =>
    views.flatMap((view, v) => groups.map((classes) => ({ kind: 'svm' as const, X: view, rows, y, classes, dim, alphas: classes.map((k) => alphas[v][k]), options: svmOptions })));
  /** The SVM weights (feature-major, views summed) and, with `mlp`, the softmax view trained alongside. */
  const train = async (rows: Int32Array, mlp?: TrainTask): Promise<{ w: Float32Array; net?: Mlp }> => {
    const tasks = svmTasks(rows);
    // The softmax view is the longest single task: it goes first.
    const results = await runTasks(mlp ? [mlp, ...tasks] : tasks, parallel);
    const net = mlp ? (results.shift() as { net: Mlp }).net : undefined;
    const w = new Float32Array(dim * K);
    tasks.forEach((t, i) => {
      const r = results[i] as { weights: Float32Array };
      const classes = (t as { classes: number[] }).classes;
      classes.forEach((k, j) => {
        for (let c = 0; c < dim; c++) w[c * K + k] += r.weights[j * dim + c];
      });
    });
    return { w, net };
  };
  const sharedX = views.length === 1 ? views[0] : parallel > 1 ? shareRows(X) : X;
  const mlpTask = (rows: Int32Array, mlpOptions: MlpOptions, init?: Mlp): TrainTask => ({ kind: 'mlp', X: sharedX, rows, y, K, dim, options: mlpOptions, init });
  let temperature = DEFAULT_TEMPERATURE;
  let handoff: number | undefined;
  const outOfScope = new Set((o.outOfScopeLabels ?? []).map((l) => labelIndex.get(l)).filter((k) => k !== undefined));
  const scopeWeight = o.scopeWeight ?? 0;
  const share = o.softmaxShare ?? 0;
  const softmaxOptions: MlpOptions = { ...DEFAULT_MLP, ...o.softmax, hidden: 0, seed: o.seed + 11 };
  // Blend coefficients of the two views (SVM margins, softmax logits), fitted on the held-out share.
  let blend: [number, number] | undefined;
  let net: Mlp | undefined;
  if (o.calibrationShare > 0 && examples.length >= 20) {
    // Calibrate on a held-out share, then finish on everything from that solution (a warm start:
    // the held-out rows join with zero dual weight, so the last pass costs little).
    const { train: trainIdx, held } = stratifiedHoldout(y, K, o.calibrationShare, rng(o.seed + 7));
    if (held.length > 0) {
      const trainRows = shared(Int32Array.from(trainIdx));
      const first = await train(trainRows, share > 0 ? mlpTask(trainRows, softmaxOptions) : undefined);
      const w = first.w;
      net = first.net;
      let m = held.map((r) => {
        const out = new Float64Array(K);
        marginsOf(X, r, w, K, out);
        return out;
      });
      const truth = held.map((r) => y[r]);
      if (net) {
        const z = held.map((r) => {
          const out = new Float64Array(K);
          marginsOf(X, r, net!.w1, K, out);
          return out;
        });
        // Each view's log-probability at its own fitted temperature, mixed by `share`: a
        // weighted product of the two calibrated distributions.
        // (Scaled back to SVM-margin size, so the temperature fitted next keeps its floor's meaning.)
        const a = ((1 - share) * DEFAULT_TEMPERATURE) / fitTemperature(m, truth);
        const b = (share * DEFAULT_TEMPERATURE) / fitTemperature(z, truth);
        blend = [a, b];
        m = m.map((mi, i) => mi.map((v, k) => a * v + b * z[i][k]));
      }
      temperature = fitTemperature(m, truth);
      const heldCentroids = centroidsOf(X, trainRows, y, K, dim, outOfScope);
      const scratch = new Float64Array(K);
      const oosWeight = o.outOfScopeWeight ?? 0;
      const oosClasses = [...outOfScope];
      const scopes = held.map((r, i) => scopeWeight * nearestCentroid(X, r, heldCentroids, K, dim - 1, scratch) - oosWeight * outOfScopeCloseness(m[i], temperature, oosClasses));
      const inScope = held.map((_, i) => i).filter((i) => !outOfScope.has(truth[i]));
      handoff = fitHandoff(
        inScope.map((i) => m[i]),
        inScope.map((i) => scopes[i]),
        inScope.map((i) => truth[i]),
        temperature,
        { loss: o.handoffLoss, keep: o.handoffKeep ?? 0, maxLoss: o.handoffMaxLoss ?? o.handoffLoss },
      );
    }
  }
  const all = shared(new Int32Array(examples.length));
  for (let i = 0; i < all.length; i++) all[i] = i;
  const finish = o.softmax?.finishEpochs ?? 2;
  const last = await train(all, blend && net && finish > 0 ? mlpTask(all, { ...softmaxOptions, epochs: finish, lr: softmaxOptions.lr / 2 }, net) : undefined);
  const weights = last.w;
  if (blend && net) {
    const final = last.net ?? net;
    for (let c = 0; c < weights.length; c++) weights[c] = blend[0] * weights[c] + blend[1] * final.w1[c];
  }
  const centroids = scopeWeight > 0 ? centroidsOf(X, all, y, K, dim, outOfScope) : undefined;
  return { labels, vocab, weights, temperature, handoff, centroids, options: o, trainedOn: examples.length };
}

/** Predicts one text's label with calibrated probabilities and whether to hand it to a human. */
export function predict(model: TrainedClassifier, text: string): Prediction {
  const K = model.labels.length;
  const X = vectorise([countFeatures(text, model.options.features)], model.vocab, model.options.features);
  const m = new Float64Array(K);
  marginsOf(X, 0, model.weights, K, m);
  const p = new Float64Array(K);
  softmax(m, model.temperature, p);
  const ranked = model.labels.map((label, k) => ({ label, p: p[k] })).sort((a, b) => b.p - a.p);
  const label = ranked[0].label;
  const confidence = ranked[0].p;
  let scope = confidence;
  const oosLabels = model.options.outOfScopeLabels ?? [];
  if (oosLabels.includes(label)) scope = 0;
  else {
    const oosWeight = model.options.outOfScopeWeight ?? 0;
    if (oosWeight > 0) scope -= oosWeight * outOfScopeCloseness(m, model.temperature, oosLabels.map((l) => model.labels.indexOf(l)).filter((k) => k >= 0));
    if (model.centroids) scope += (model.options.scopeWeight ?? 0) * nearestCentroid(X, 0, model.centroids, K, model.vocab.hashes.length, m);
  }
  return { label, confidence, ranked, scope, handOff: model.handoff !== undefined && scope < model.handoff };
}

// ---- storage ---------------------------------------------------------------------------------

const MAGIC = 'TTC1';

/** The model as bytes (a JSON header, then its typed arrays), for the database. */
export function serialiseClassifier(model: TrainedClassifier): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      labels: model.labels,
      temperature: model.temperature,
      handoff: model.handoff,
      centroids: model.centroids !== undefined,
      options: model.options,
      trainedOn: model.trainedOn,
      features: model.vocab.hashes.length,
    }),
  );
  const pad = (4 - ((8 + header.length) % 4)) % 4;
  const head = Buffer.alloc(8 + header.length + pad, 0x20);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(header.length + pad, 4);
  header.copy(head, 8);
  return Buffer.concat([
    head,
    Buffer.from(model.vocab.hashes.buffer, model.vocab.hashes.byteOffset, model.vocab.hashes.byteLength),
    Buffer.from(model.vocab.idf.buffer, model.vocab.idf.byteOffset, model.vocab.idf.byteLength),
    Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength),
    ...(model.centroids ? [Buffer.from(model.centroids.buffer, model.centroids.byteOffset, model.centroids.byteLength)] : []),
  ]);
}

/** Reads back what serialiseClassifier wrote. */
export function deserialiseClassifier(bytes: Buffer): TrainedClassifier {
  if (bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('Not a stored classifier');
  const headerLength = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as {
    labels: string[];
    temperature: number;
    handoff?: number;
    centroids?: boolean;
    options: ClassifierOptions;
    trainedOn: number;
    features: number;
  };
  // Copy into an aligned buffer: a Buffer from the database may start at any byte offset.
  const body = new Uint8Array(bytes.subarray(8 + headerLength)).buffer;
  const F = header.features;
  const K = header.labels.length;
  const hashes = new Uint32Array(body, 0, F);
  const idf = new Float32Array(body, F * 4, F);
  const weights = new Float32Array(body, F * 8, (F + 1) * K);
  const centroids = header.centroids ? new Float32Array(body, F * 8 + (F + 1) * K * 4, (F + 1) * K) : undefined;
  return { labels: header.labels, temperature: header.temperature, handoff: header.handoff ?? undefined, centroids, options: header.options, trainedOn: header.trainedOn, vocab: indexVocabulary(hashes, idf), weights };
}
