import { parentPort } from 'node:worker_threads';
import { runTask, type TrainTask } from './train-tasks.js';

// A training thread: runs one task per message and posts back its result (its own arrays moved, not copied).
parentPort?.on('message', (msg: { id: number; task: TrainTask }) => {
  try {
    const result = runTask(msg.task);
    const moved = result.kind === 'svm' ? [result.weights.buffer] : [result.net.w1.buffer, result.net.w2.buffer];
    parentPort?.postMessage({ id: msg.id, result }, moved as ArrayBuffer[]);
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
