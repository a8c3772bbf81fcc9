import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SparseRows } from './features.js';
import { runTask, type TaskResult, type TrainTask } from './train-tasks.js';

/**
 * Worker threads for training: a model's classes are independent problems, so they spread over the
 * machine's cores, and training (seconds to minutes on a large workspace) never holds the server's
 * event loop while agents wait on it. Threads start on first use and do not keep the process
 * alive while idle.
 */

/** Threads a training may use (at most 4: beyond that the shared memory traffic eats the gain). */
export function trainingThreads(): number {
  const fromEnv = Number(process.env.AI_TRAIN_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

interface Pending {
  resolve: (r: TaskResult) => void;
  reject: (e: Error) => void;
}

class PoolThread {
  readonly worker: Worker;
  busy = 0;
  private pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(onExit: (t: PoolThread) => void) {
    const self = new URL(import.meta.url);
    const file = new URL(`./train-worker.${self.pathname.endsWith('.ts') ? 'ts' : 'js'}`, self);
    this.worker = file.pathname.endsWith('.ts') ? typeScriptWorker(file) : new Worker(file);
    this.worker.unref();
    this.worker.on('message', (msg: { id: number; result?: TaskResult; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      this.settled();
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.result!);
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      onExit(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`training thread exited (${code})`)));
  }

  run(task: TrainTask): Promise<TaskResult> {
    const id = this.nextId++;
    // While a task runs the thread keeps the process alive (the caller is waiting on it).
    if (this.busy++ === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, task });
    });
  }

  private settled() {
    if (--this.busy === 0) this.worker.unref();
  }
}

/**
 * A thread that runs a TypeScript file: Node 20 does not carry tsx's loader hooks into worker
 * threads, so the thread registers them itself before it imports the file.
 */
function typeScriptWorker(file: URL): Worker {
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(file.href)}); });`;
  return new Worker(boot, { eval: true });
}

let threads: PoolThread[] = [];

function pool(size: number): PoolThread[] {
  while (threads.length < size) threads.push(new PoolThread((t) => (threads = threads.filter((x) => x !== t))));
  return threads.slice(0, size);
}

/**
 * Runs the tasks over `size` threads (the longest first, each thread taking the next task when it
 * is free), or in this thread when size is 1. Results in task order.
 */
export async function runTasks(tasks: TrainTask[], size: number): Promise<TaskResult[]> {
  if (size <= 1 || tasks.length <= 1) return tasks.map(runTask);
  const results = new Array<TaskResult>(tasks.length);
  let next = 0;
  await Promise.all(
    pool(Math.min(size, tasks.length)).map(async (t) => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await t.run(tasks[i]);
      }
    }),
  );
  return results;
}

/** A copy of the rows in shared memory, so worker threads read them without copying. */
export function shareRows(X: SparseRows): SparseRows {
  return { offsets: shared(X.offsets), indices: shared(X.indices), values: shared(X.values) };
}

export function shared<T extends Int32Array | Float32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const buf = new SharedArrayBuffer(a.byteLength);
  const out = (a instanceof Int32Array ? new Int32Array(buf) : new Float32Array(buf)) as T;
  out.set(a);
  return out;
}

/** Stops the threads (tests, and a process that wants to exit at once). */
export async function closeTrainingThreads(): Promise<void> {
  const all = threads;
  threads = [];
  await Promise.all(all.map((t) => t.worker.terminate()));
}
