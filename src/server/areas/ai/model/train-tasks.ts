import type { SparseRows } from './features.js';
import { trainMlp, type Mlp, type MlpOptions } from './neural.js';
import { trainClasses, type SvmOptions } from './svm.js';

/**
 * The pieces of one training that can run apart: the SVMs of a group of classes, or the softmax
 * view. They run on a worker thread or in the caller's thread with the same code and the same
 * result. Typed arrays over shared memory (the features, the warm-start duals) are shared with a
 * worker, not copied.
 */
export type TrainTask =
  | { kind: 'svm'; X: SparseRows; rows: Int32Array; y: Int32Array; classes: number[]; dim: number; alphas: Float32Array[]; options: SvmOptions }
  | { kind: 'mlp'; X: SparseRows; rows: Int32Array; y: Int32Array; K: number; dim: number; options: MlpOptions; init?: Mlp };

export type TaskResult = { kind: 'svm'; weights: Float32Array } | { kind: 'mlp'; net: Mlp };

export function runTask(t: TrainTask): TaskResult {
  if (t.kind === 'svm') return { kind: 'svm', weights: trainClasses(t.X, t.rows, t.y, t.classes, t.dim, t.alphas, t.options) };
  if (t.kind === 'mlp') return { kind: 'mlp', net: trainMlp(t.X, t.rows, t.y, t.K, t.dim, t.options, t.init) };
  throw new Error(`Unknown training task: ${(t as { kind?: unknown }).kind}`);
}
