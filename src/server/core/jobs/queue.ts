import PgBoss from 'pg-boss';
import type { AppContext } from '../context.js';
import type { Db, Tx } from '../db/types.js';
import { PermanentJobError, type JobDefinition } from './define.js';
import { appendReactionJobs, fanoutJob, reactionJob, type Reaction } from '../events/reactions.js';
import { startDuePoller, type DuePoller } from './due-poller.js';

/**
 * The background job queue: pg-boss 10 over our own Db (so it runs on PGlite and PostgreSQL alike,
 * in schema `pgboss`). Jobs are appended inside transactions (appendJob) and written before COMMIT.
 */
export interface Jobs {
  /**
   * Creates the queues; with work: true also polls and runs jobs in this process. A second call only
   * adds the workers when they were not running yet (boot prepares the queue, main.ts starts work).
   */
  start(ctx: AppContext, opts: { work: boolean; /** false: kick() runs nothing here (an HTTP-only instance runs no jobs at all). Default true. */ eager?: boolean }): Promise<void>;
  /** True once start() ran and until stop(). */
  running(): boolean;
  /** Runs the due jobs of these queues now in this process (coalesced per queue): the reactions' eager path. */
  kick(names: string[]): Promise<void>;
  stop(): Promise<void>;
  /** Enqueues outside a transaction. */
  send(name: string, data: Record<string, unknown>, options?: PgBoss.SendOptions): Promise<string | null>;
  /**
   * Enqueues unless a job with the same singleton key still waits to start (created or retrying): a
   * debounce. pg-boss 10's standard queues do not dedupe on the key alone, and its singletonSeconds slots
   * split a burst that crosses a slot's edge in two; the caller may still pass singletonSeconds to close
   * the race between two senders that both found nothing waiting.
   */
  sendUnlessWaiting(name: string, data: Record<string, unknown>, options: PgBoss.SendOptions & { singletonKey: string }): Promise<string | null>;
  /** Runs every due job now in this process until none is left; returns how many ran (tests, CLI). */
  drain(names?: string[]): Promise<number>;
  /** Jobs of a queue that are waiting or retrying (tests, health). */
  pending(name: string): Promise<number>;
  /**
   * Starts the cron clock (pg-boss's timekeeper: it sends each schedule's tick into the queue, where any
   * worker runs it) in this process and returns how to stop it. main.ts runs it only on the holder of
   * the scheduler lease, so one instance sends the ticks and another takes over when it dies.
   */
  startClock(): Promise<() => Promise<void>>;
  readonly definitions: ReadonlyMap<string, JobDefinition>;
}

/** Jobs fetched at once for a definition that handles batches (e.g. a reaction over many transactions' events). */
const BATCH = 50;

export function createJobs(
  db: Db,
  definitions: JobDefinition[],
  /** clock: false leaves cron schedules unregistered (tests drive scheduled jobs themselves). The clock itself runs only through startClock(). */
  opts: { pollingIntervalSeconds?: number; reactions?: readonly Reaction[]; clock?: boolean; beforeCommit?: readonly ((tx: Tx) => Promise<void>)[] } = {},
): Jobs {
  const reactions = opts.reactions ?? [];
  // Every reaction keeps a queue of its own (ownJob reactions, and retries of one that failed in the fan-out job).
  const defs = new Map([...definitions, ...reactions.map(reactionJob), ...(reactions.length ? [fanoutJob(reactions)] : [])].map((d) => [d.name, d as JobDefinition]));
  const queueSql = db.queue ?? db;
  const executor = { executeSql: (text: string, values?: unknown[]) => queueSql.executeSql(text, values) };
  // This process's queue: sending, fetching, working, maintenance. Never the cron clock (startClock).
  const boss = new PgBoss({ db: executor, schedule: false, supervise: true, migrate: true } as PgBoss.ConstructorOptions);
  boss.on('error', (err) => console.error('job queue error', err.message));
  let ctxRef: AppContext | undefined;
  let started = false;
  let working = false;
  let eager = true;
  let poller: DuePoller | undefined;

  // Before every COMMIT that appended events or jobs: the reactions' jobs join the transaction's own, and
  // all of them are written in ONE multi-row insert (pg-boss's insert(): same columns, queue defaults and
  // ON CONFLICT DO NOTHING as send(), which would cost one statement per job).
  db.setJobWriter(async (tx) => {
    for (const hook of opts.beforeCommit ?? []) await hook(tx);
    await appendReactionJobs(tx, reactions);
    if (tx.jobs.length === 0) return;
    const rows: PgBoss.JobInsert[] = tx.jobs.map((j) => {
      if (!defs.has(j.name)) throw new Error(`unknown job ${j.name}`);
      const row: PgBoss.JobInsert = { name: j.name, data: j.data };
      const after = j.options.startAfter;
      // As send() reads it: a Date is a moment, a number is seconds from now (0 or less: now).
      if (after instanceof Date) row.startAfter = after;
      else if (after !== undefined && Math.round(after) > 0) row.startAfter = String(Math.round(after));
      if (j.options.singletonKey) row.singletonKey = j.options.singletonKey;
      if (j.options.retryLimit !== undefined) row.retryLimit = j.options.retryLimit;
      return row;
    });
    await boss.insert(rows, { db: { executeSql: (t: string, v?: unknown[]) => tx.executeSql(t, v) } });
  });

  async function runOne(def: JobDefinition, job: PgBoss.JobWithMetadata<unknown>) {
    const ctx = ctxRef!;
    const parsed = def.schema.safeParse(job.data);
    if (!parsed.success) throw new PermanentJobError(`bad payload for ${def.name}: ${parsed.error.message}`);
    const lastAttempt = job.retryCount >= job.retryLimit;
    try {
      await def.handle(ctx, parsed.data, { id: job.id, retryCount: job.retryCount, lastAttempt });
      return 'done' as const;
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      if (e instanceof PermanentJobError || lastAttempt) {
        await def.onGaveUp?.(ctx, parsed.data, e);
        return { gaveUp: e } as const;
      }
      throw e;
    }
  }

  /**
   * Runs fetched jobs of one queue and records each outcome. A definition with handleBatch gets them all at
   * once first (one completion for all); if that throws, or for any other definition, each runs alone and
   * completes or fails on its own.
   */
  async function runFetched(def: JobDefinition, jobs: PgBoss.JobWithMetadata<unknown>[]): Promise<void> {
    if (def.handleBatch && jobs.length > 1) {
      const parsed = jobs.map((j) => def.schema.safeParse(j.data));
      if (parsed.every((p) => p.success)) {
        try {
          await def.handleBatch(ctxRef!, parsed.map((p) => p.data));
          await boss.complete(def.name, jobs.map((j) => j.id));
          return;
        } catch (err) {
          console.error(`job ${def.name}: a batch of ${jobs.length} failed, running each alone:`, (err as Error).message);
        }
      }
    }
    for (const job of jobs) {
      try {
        const r = await runOne(def, job);
        await boss.complete(def.name, job.id, r === 'done' ? {} : { gaveUp: r.gaveUp.message });
      } catch (err) {
        console.error(`job ${def.name} failed (will retry):`, (err as Error).message);
        await boss.fail(def.name, job.id, { message: (err as Error).message });
      }
    }
  }

  /**
   * Jobs claimed per fetch. A queue that may run several jobs at once (concurrency > 1: slow work such as
   * deliveries to other servers) claims one at a time, so its parallel drains share the jobs and none
   * holds a claimed job while it waits behind another; other queues claim 20 at once.
   */
  const fetchSize = (def: JobDefinition) => (def.handleBatch ? BATCH : (def.concurrency ?? 1) > 1 ? 1 : 20);

  /** One pass of this call's own: fetches and runs due jobs until none is left (the eager path's loop). */
  async function drainDue(names?: string[]): Promise<number> {
    let ran = 0;
    for (;;) {
      let round = 0;
      for (const def of defs.values()) {
        if (names && !names.includes(def.name)) continue;
        const jobs = await boss.fetch<unknown>(def.name, { includeMetadata: true, batchSize: fetchSize(def) });
        round += jobs.length;
        await runFetched(def, jobs);
      }
      ran += round;
      if (round === 0) return ran;
    }
  }

  // One eager drain per queue at a time; a kick during a drain asks it to go round once more.
  const kicks = new Map<string, { run: Promise<void>; again: boolean }>();
  // A queue whose definition allows more than one job at a time gets that many drains when due jobs wait.
  const extras = new Map<string, Set<Promise<void>>>();
  const kicksOf = (names?: string[]) => [
    ...[...kicks.entries()].filter(([n]) => !names || names.includes(n)).map(([, k]) => k.run),
    ...[...extras.entries()].filter(([n]) => !names || names.includes(n)).flatMap(([, set]) => [...set]),
  ];

  /**
   * Runs every due job until none is left, including those an eager drain of this process has claimed:
   * a job held by the after-commit kick cannot be fetched again, so without waiting for it a caller
   * (a test, a CLI tool) would see its work unfinished.
   */
  async function drain(names?: string[]): Promise<number> {
    let ran = 0;
    for (;;) {
      for (let running = kicksOf(names); running.length; running = kicksOf(names)) await Promise.allSettled(running);
      const n = await drainDue(names);
      ran += n;
      if (n === 0 && kicksOf(names).length === 0) return ran;
    }
  }
  function kickOne(name: string): Promise<void> {
    const k = kicks.get(name);
    if (k) {
      k.again = true;
      return k.run;
    }
    const state = { run: Promise.resolve(), again: true };
    state.run = (async () => {
      try {
        while (state.again && started) {
          state.again = false;
          await drainDue([name]);
        }
      } finally {
        kicks.delete(name);
      }
    })();
    kicks.set(name, state);
    return state.run;
  }
  /** Due jobs found by the poller: the queue's drain, plus more up to its definition's concurrency. */
  function runDue(name: string): void {
    const failed = (err: unknown) => console.error(`job queue: draining ${name} failed:`, (err as Error).message);
    kickOne(name).catch(failed);
    const more = (defs.get(name)?.concurrency ?? 1) - 1;
    const set = extras.get(name) ?? new Set<Promise<void>>();
    extras.set(name, set);
    while (set.size < more) {
      const run: Promise<void> = drainDue([name])
        .then(() => undefined)
        .catch(failed)
        .finally(() => set.delete(run));
      set.add(run);
    }
  }

  return {
    definitions: defs,
    running: () => started,
    async kick(names) {
      if (!eager) return;
      await Promise.all(names.map((n) => kickOne(n)));
    },
    async start(ctx, { work, eager: runEagerly }) {
      if (runEagerly !== undefined) eager = runEagerly;
      // A second call (e.g. a test helper and the test both starting it) changes nothing but may add workers.
      if (!started) {
        ctxRef = ctx;
        await boss.start();
        started = true;
        for (const def of defs.values()) {
          await boss.createQueue(def.name, {
            name: def.name,
            retryLimit: def.retryLimit ?? 5,
            retryDelay: def.retryDelay ?? 10,
            retryBackoff: def.retryBackoff ?? true,
            expireInSeconds: def.expireInSeconds ?? 300,
          });
          if (def.cron && (opts.clock ?? true)) await boss.schedule(def.name, def.cron, {});
        }
      }
      if (!work || working) return;
      working = true;
      // One statement per interval finds the queues with due jobs (due-poller.ts); pg-boss's per-queue
      // workers would poll every queue on its own.
      poller = startDuePoller(db, [...defs.keys()], (opts.pollingIntervalSeconds ?? 1) * 1000, (names) => {
        for (const name of names) if (started) runDue(name);
      });
    },
    async stop() {
      if (!started) return;
      started = false;
      working = false;
      await poller?.stop();
      poller = undefined;
      await Promise.allSettled(kicksOf());
      await boss.stop({ graceful: true, wait: true, timeout: 5000, close: false } as PgBoss.StopOptions);
    },
    async send(name, data, options = {}) {
      return boss.send(name, data, options);
    },
    async sendUnlessWaiting(name, data, options) {
      const waiting = await db.maybeOne(`SELECT 1 FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry') LIMIT 1`, [name, options.singletonKey]);
      return waiting ? null : boss.send(name, data, options);
    },
    drain,
    async startClock() {
      // A second pg-boss on the same database with only its timekeeper on: the schedules and the queue
      // are the ones start() made. pg-boss itself also sends at most one tick per schedule per minute.
      //
      // pg-boss (10.4) sends a fetched tick's completion without awaiting it, and its stop() does not wait
      // for its own timekeeper's work, so the clock's last statements could outlive stop() and meet a
      // closed pool (an unhandled rejection, seen once in CI). Its statements are tracked here, and
      // stopping waits until a turn of the event loop passes with none of them running: a completion is
      // sent in the turn its tick's insert settles.
      const running = new Set<Promise<unknown>>();
      const tracked = {
        executeSql: (text: string, values?: unknown[]) => {
          const p = executor.executeSql(text, values);
          running.add(p);
          void p.finally(() => running.delete(p)).catch(() => undefined);
          return p;
        },
      };
      const clock = new PgBoss({ db: tracked, schedule: true, supervise: false, migrate: false } as PgBoss.ConstructorOptions);
      clock.on('error', (err) => console.error('job clock error', err.message));
      await clock.start();
      return async () => {
        await clock.stop({ graceful: true, wait: true, timeout: 5000, close: false } as PgBoss.StopOptions);
        for (let turns = 0; turns < 1000; turns++) {
          await Promise.allSettled([...running]);
          await new Promise((r) => setImmediate(r));
          if (running.size === 0) break;
        }
      };
    },
    async pending(name) {
      const r = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [name]);
      return r.n;
    },
  };
}
