import type { SparseRows } from './features.js';
import { rng } from './rng.js';

/**
 * The SVM half of the classifier: one-vs-rest L2-regularised squared-hinge SVMs trained by dual
 * coordinate descent with shrinking, as in liblinear. Each class is its own problem with its own
 * seeded random stream, so classes can be trained on any thread in any order with the same result.
 */

export interface SvmOptions {
  C: number;
  maxIter: number;
  eps: number;
  seed: number;
  /**
   * NBSVM (Wang & Manning 2012): each class's SVM sees the features scaled by their naive-Bayes
   * log-count ratio for that class (raised to this power; 0 or absent = off), so words that tell the
   * class apart weigh more from the start. The weights are mapped back onto the plain features, so
   * prediction is the same linear model.
   */
  nbPower?: number;
}

export function shuffleInPlace(a: Int32Array, n: number, rand: () => number) {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * One binary L2-loss SVM by dual coordinate descent over `rows` of X (liblinear's solver 1 with
 * shrinking). `alpha` (per row of X) is the warm start and is updated; returns w (dim = columns).
 */
function trainBinary(X: SparseRows, rows: Int32Array, ys: Int8Array, alpha: Float32Array, dim: number, o: SvmOptions, rand: () => number): Float64Array {
  const { offsets, indices, values } = X;
  const w = new Float64Array(dim);
  const diag = 0.5 / o.C;
  const qd = new Float64Array(rows.length);
  for (let s = 0; s < rows.length; s++) {
    const i = rows[s];
    let sq = diag;
    for (let j = offsets[i]; j < offsets[i + 1]; j++) sq += values[j] * values[j];
    qd[s] = sq;
    const a = alpha[i] * ys[i];
    if (a !== 0) for (let j = offsets[i]; j < offsets[i + 1]; j++) w[indices[j]] += a * values[j];
  }
  const order = new Int32Array(rows.length);
  for (let s = 0; s < rows.length; s++) order[s] = s;
  let active = rows.length;
  let pgMaxOld = Infinity;
  for (let iter = 0; iter < o.maxIter; iter++) {
    let pgMax = -Infinity;
    let pgMin = Infinity;
    shuffleInPlace(order, active, rand);
    for (let s = 0; s < active; s++) {
      const si = order[s];
      const i = rows[si];
      const y = ys[i];
      let dot = 0;
      const end = offsets[i + 1];
      for (let j = offsets[i]; j < end; j++) dot += w[indices[j]] * values[j];
      const g = y * dot - 1 + alpha[i] * diag;
      let pg = 0;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          active--;
          order[s] = order[active];
          order[active] = si;
          s--;
          continue;
        } else if (g < 0) pg = g;
      } else pg = g;
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i];
        const next = Math.max(old - g / qd[si], 0);
        alpha[i] = next;
        const d = (next - old) * y;
        for (let j = offsets[i]; j < end; j++) w[indices[j]] += d * values[j];
      }
    }
    if (pgMax - pgMin <= o.eps) {
      if (active === rows.length) break;
      active = rows.length;
      pgMaxOld = Infinity;
      continue;
    }
    // With no upper bound on alpha (squared hinge) only the lower side shrinks.
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
  }
  return w;
}

/**
 * Trains the one-vs-rest SVMs of `classes` over `rows` of X. `alphas[i]` is class `classes[i]`'s dual
 * solution per row of X (a warm start, updated in place: it may live in shared memory). Returns the
 * weights class-major: class `classes[i]` at [i * dim, (i + 1) * dim).
 */
export function trainClasses(X: SparseRows, rows: Int32Array, y: Int32Array, classes: ArrayLike<number>, dim: number, alphas: Float32Array[], o: SvmOptions): Float32Array {
  const out = new Float32Array(classes.length * dim);
  const ys = new Int8Array(y.length);
  const nb = o.nbPower ? nbCounts(X, rows, dim) : undefined;
  for (let i = 0; i < classes.length; i++) {
    const k = classes[i];
    for (let r = 0; r < y.length; r++) ys[r] = y[r] === k ? 1 : -1;
    const ratio = nb ? nbRatio(X, rows, y, k, dim, nb, o.nbPower ?? 0) : undefined;
    const view = ratio ? { ...X, values: X.values.map((v, j) => v * ratio[X.indices[j]]) } : X;
    const w = trainBinary(view, rows, ys, alphas[i], dim, o, rng(o.seed + 7919 * (k + 1)));
    for (let c = 0; c < dim; c++) out[i * dim + c] = ratio ? w[c] * ratio[c] : w[c];
  }
  return out;
}

/** How many of `rows` have each feature (present or not, as naive Bayes with binary features counts). */
function nbCounts(X: SparseRows, rows: Int32Array, dim: number): { all: Float64Array; n: number } {
  const all = new Float64Array(dim);
  for (let s = 0; s < rows.length; s++) for (let j = X.offsets[rows[s]]; j < X.offsets[rows[s] + 1]; j++) all[X.indices[j]] += 1;
  return { all, n: rows.length };
}

/**
 * |log-count ratio|^power of each feature for class k against the rest (add-one smoothing), the
 * bias column kept at 1. The magnitude only: the SVM learns the sign.
 */
function nbRatio(X: SparseRows, rows: Int32Array, y: Int32Array, k: number, dim: number, nb: { all: Float64Array }, power: number): Float32Array {
  const p = new Float64Array(dim);
  for (let s = 0; s < rows.length; s++) {
    const r = rows[s];
    if (y[r] !== k) continue;
    for (let j = X.offsets[r]; j < X.offsets[r + 1]; j++) p[X.indices[j]] += 1;
  }
  let pSum = 0;
  let qSum = 0;
  for (let c = 0; c < dim; c++) {
    pSum += p[c] + 1;
    qSum += nb.all[c] - p[c] + 1;
  }
  const ratio = new Float32Array(dim);
  for (let c = 0; c < dim; c++) ratio[c] = Math.pow(Math.abs(Math.log((p[c] + 1) / pSum / ((nb.all[c] - p[c] + 1) / qSum))), power);
  ratio[dim - 1] = 1;
  return ratio;
}
