import type { SparseRows } from './features.js';
import { rng } from './rng.js';

/**
 * A second view of the same TF-IDF features for the ensemble: a softmax classifier trained jointly
 * over all classes by cross-entropy (not one-vs-rest), with one hidden ReLU layer (or none: then it
 * is multinomial logistic regression). The first layer is sparse × dense: a message touches only
 * its ~170 feature rows, and those rows alone get Adam updates (lazy Adam, as for word embeddings),
 * so an epoch over 10k messages costs well under a second on one core.
 */

export interface MlpOptions {
  /** Hidden units; 0 = multinomial logistic regression. */
  hidden: number;
  epochs: number;
  /** Adam step size. */
  lr: number;
  /** Share of hidden units dropped in training (inverted dropout). */
  dropout: number;
  batch: number;
  /** L2 penalty on the weights (decoupled, applied with each update to the rows updated). */
  weightDecay: number;
  seed: number;
  /**
   * 'sgd': plain per-example steps (logistic regression only, hidden = 0): no optimiser state and
   * no gradient buffer, about half of Adam's cost per epoch on these sparse rows.
   */
  optimiser?: 'adam' | 'sgd';
}

export const DEFAULT_MLP: MlpOptions = { hidden: 128, epochs: 6, lr: 0.003, dropout: 0.3, batch: 32, weightDecay: 0, seed: 3 };

export interface Mlp {
  /** Input columns (the TF-IDF dimension, bias column included). */
  dim: number;
  hidden: number;
  K: number;
  /** hidden = 0: dim × K (feature-major); else dim × hidden. */
  w1: Float32Array;
  /** hidden × K then K biases (absent when hidden = 0: the input's bias column serves). */
  w2: Float32Array;
}


/** Logits of row r of X (dropout off). `h` (hidden) and `out` (K) are scratch/outputs. */
export function mlpLogits(net: Mlp, X: SparseRows, r: number, h: Float32Array, out: Float64Array): void {
  const { hidden: H, K, w1, w2 } = net;
  out.fill(0);
  if (H === 0) {
    for (let j = X.offsets[r]; j < X.offsets[r + 1]; j++) {
      const base = X.indices[j] * K;
      const v = X.values[j];
      for (let k = 0; k < K; k++) out[k] += w1[base + k] * v;
    }
    return;
  }
  h.fill(0);
  for (let j = X.offsets[r]; j < X.offsets[r + 1]; j++) {
    const base = X.indices[j] * H;
    const v = X.values[j];
    for (let u = 0; u < H; u++) h[u] += w1[base + u] * v;
  }
  const bias = H * K;
  for (let k = 0; k < K; k++) out[k] = w2[bias + k];
  for (let u = 0; u < H; u++) {
    const a = h[u];
    if (a <= 0) continue;
    const base = u * K;
    for (let k = 0; k < K; k++) out[k] += w2[base + k] * a;
  }
}

/**
 * Trains on `rows` of X with labels y (0…K−1). `init` continues from a trained net (a warm start:
 * the product first trains on a share, calibrates on the rest, then finishes on everything).
 */
export function trainMlp(X: SparseRows, rows: ArrayLike<number>, y: Int32Array, K: number, dim: number, o: MlpOptions, init?: Mlp): Mlp {
  const H = o.hidden;
  const rand = rng(o.seed);
  const width = H === 0 ? K : H;
  const net: Mlp = init ?? {
    dim,
    hidden: H,
    K,
    w1: new Float32Array(dim * width),
    w2: new Float32Array(H === 0 ? 0 : H * K + K),
  };
  if (!init && H > 0) {
    // He-style init scaled to the input's unit norm (TF-IDF rows are l2-normalised per block).
    const s1 = Math.sqrt(6 / 2) * 1.0;
    for (let i = 0; i < net.w1.length; i++) net.w1[i] = (rand() * 2 - 1) * s1 * 0.5;
    const s2 = Math.sqrt(6 / (H + K));
    for (let i = 0; i < H * K; i++) net.w2[i] = (rand() * 2 - 1) * s2;
  }
  const m1 = new Float32Array(net.w1.length);
  const v1 = new Float32Array(net.w1.length);
  const g1 = new Float32Array(net.w1.length);
  const step1 = new Int32Array(dim); // Adam step count per input row (lazy Adam).
  const touched = new Uint8Array(dim);
  const touchedList = new Int32Array(dim);
  const m2 = new Float32Array(net.w2.length);
  const v2 = new Float32Array(net.w2.length);
  const g2 = new Float64Array(net.w2.length);
  const b1 = 0.9;
  const b2 = 0.999;
  const epsA = 1e-8;
  const n = rows.length;
  const order = Int32Array.from(rows);
  const h = new Float32Array(Math.max(H, 1));
  const mask = new Float32Array(Math.max(H, 1));
  const logits = new Float64Array(K);
  const dh = new Float64Array(Math.max(H, 1));
  const keep = 1 - o.dropout;
  let t2 = 0;
  if (H === 0 && o.optimiser === 'sgd') {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        const tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
      for (let s = 0; s < n; s++) {
        // Linear decay to zero over the whole run.
        const lr = o.lr * (1 - (epoch * n + s) / (o.epochs * n + 1));
        const r = order[s];
        mlpLogits(net, X, r, h, logits);
        let max = -Infinity;
        for (let k = 0; k < K; k++) if (logits[k] > max) max = logits[k];
        let sum = 0;
        for (let k = 0; k < K; k++) sum += logits[k] = Math.exp(logits[k] - max);
        for (let k = 0; k < K; k++) logits[k] = (-lr * logits[k]) / sum;
        logits[y[r]] += lr;
        for (let j = X.offsets[r]; j < X.offsets[r + 1]; j++) {
          const base = X.indices[j] * K;
          const v = X.values[j];
          for (let k = 0; k < K; k++) net.w1[base + k] += logits[k] * v;
        }
      }
    }
    return net;
  }
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    // Linear decay of the step size over the epochs.
    const lr = o.lr * (1 - epoch / (o.epochs + 1));
    for (let start = 0; start < n; start += o.batch) {
      const end = Math.min(n, start + o.batch);
      let nt = 0;
      for (let s = start; s < end; s++) {
        const r = order[s];
        // forward
        if (H === 0) {
          mlpLogits(net, X, r, h, logits);
        } else {
          h.fill(0);
          for (let j = X.offsets[r]; j < X.offsets[r + 1]; j++) {
            const base = X.indices[j] * H;
            const v = X.values[j];
            for (let u = 0; u < H; u++) h[u] += net.w1[base + u] * v;
          }
          for (let u = 0; u < H; u++) {
            const on = h[u] > 0 && (o.dropout === 0 || rand() < keep);
            mask[u] = on ? 1 / keep : 0;
            h[u] = on ? h[u] / keep : 0;
          }
          const bias = H * K;
          for (let k = 0; k < K; k++) logits[k] = net.w2[bias + k];
          for (let u = 0; u < H; u++) {
            const a = h[u];
            if (a === 0) continue;
            const base = u * K;
            for (let k = 0; k < K; k++) logits[k] += net.w2[base + k] * a;
          }
        }
        // softmax − one-hot
        let max = -Infinity;
        for (let k = 0; k < K; k++) if (logits[k] > max) max = logits[k];
        let sum = 0;
        for (let k = 0; k < K; k++) sum += logits[k] = Math.exp(logits[k] - max);
        for (let k = 0; k < K; k++) logits[k] /= sum;
        logits[y[r]] -= 1;
        // backward
        if (H === 0) {
          for (let j = X.offsets[r]; j < X.offsets[r + 1]; j++) {
            const c = X.indices[j];
            if (!touched[c]) {
              touched[c] = 1;
              touchedList[nt++] = c;
            }
            const base = c * K;
            const v = X.values[j];
            for (let k = 0; k < K; k++) g1[base + k] += logits[k] * v;
          }
          continue;
        }
        const bias = H * K;
        for (let k = 0; k < K; k++) g2[bias + k] += logits[k];
        for (let u = 0; u < H; u++) {
          const a = h[u];
          const base = u * K;
          let d = 0;
          for (let k = 0; k < K; k++) d += net.w2[base + k] * logits[k];
          dh[u] = d * mask[u];
          if (a !== 0) for (let k = 0; k < K; k++) g2[base + k] += a * logits[k];
        }
        for (let j = X.offsets[r]; j < X.offsets[r + 1]; j++) {
          const c = X.indices[j];
          if (!touched[c]) {
            touched[c] = 1;
            touchedList[nt++] = c;
          }
          const base = c * H;
          const v = X.values[j];
          for (let u = 0; u < H; u++) g1[base + u] += dh[u] * v;
        }
      }
      const scale = 1 / (end - start);
      // lazy Adam on the touched input rows
      for (let q = 0; q < nt; q++) {
        const c = touchedList[q];
        touched[c] = 0;
        const t = ++step1[c];
        const c1 = lr / (1 - Math.pow(b1, t));
        const c2 = 1 / (1 - Math.pow(b2, t));
        const base = c * width;
        for (let u = 0; u < width; u++) {
          const i = base + u;
          const g = g1[i] * scale;
          g1[i] = 0;
          m1[i] = b1 * m1[i] + (1 - b1) * g;
          v1[i] = b2 * v1[i] + (1 - b2) * g * g;
          net.w1[i] -= (c1 * m1[i]) / (Math.sqrt(v1[i] * c2) + epsA) + lr * o.weightDecay * net.w1[i];
        }
      }
      if (H > 0) {
        t2++;
        const c1 = lr / (1 - Math.pow(b1, t2));
        const c2 = 1 / (1 - Math.pow(b2, t2));
        for (let i = 0; i < net.w2.length; i++) {
          const g = g2[i] * scale;
          g2[i] = 0;
          m2[i] = b1 * m2[i] + (1 - b1) * g;
          v2[i] = b2 * v2[i] + (1 - b2) * g * g;
          net.w2[i] -= (c1 * m2[i]) / (Math.sqrt(v2[i] * c2) + epsA) + lr * o.weightDecay * net.w2[i];
        }
      }
    }
  }
  return net;
}
