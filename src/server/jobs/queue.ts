import PgBoss from 'pg-boss';
import type { AppContext } from '../context.js';
import type { Db } from '../db/types.js';
import { PermanentJobError, type JobDefinition } from './define.js';

/**
 * The background job queue: pg-boss 10 over our own Db (so it runs on PGlite and PostgreSQL alike,
 * in schema `pgboss`). Jobs are appended inside transactions (appendJob) and written before COMMIT.
 */
export interface Jobs {
  /** Creates the queues; with work: true also polls and runs jobs in this process. */
  start(ctx: AppContext, opts: { work: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** Enqueues outside a transaction. */
  send(name: string, data: Record<string, unknown>, options?: PgBoss.SendOptions): Promise<string | null>;
  /** Runs every due job now in this process until none is left; returns how many ran (tests, CLI). */
  drain(names?: string[]): Promise<number>;
  /** Jobs of a queue that are waiting or retrying (tests, health). */
  pending(name: string): Promise<number>;
  readonly definitions: ReadonlyMap<string, JobDefinition>;
}

export function createJobs(db: Db, definitions: JobDefinition[], opts: { pollingIntervalSeconds?: number } = {}): Jobs {
  const defs = new Map(definitions.map((d) => [d.name, d]));
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => db.executeSql(text, values) },
    schedule: true,
    supervise: true,
    migrate: true,
  } as PgBoss.ConstructorOptions);
  boss.on('error', (err) => console.error('job queue error', err.message));
  let ctxRef: AppContext | undefined;
  let started = false;

  db.setJobWriter(async (tx, jobs) => {
    for (const j of jobs) {
      if (!defs.has(j.name)) throw new Error(`unknown job ${j.name}`);
      const options: PgBoss.SendOptions = { db: { executeSql: (t: string, v?: unknown[]) => tx.executeSql(t, v) } };
      if (j.options.startAfter !== undefined) options.startAfter = j.options.startAfter instanceof Date ? j.options.startAfter : Math.max(0, Math.round(j.options.startAfter));
      if (j.options.singletonKey) options.singletonKey = j.options.singletonKey;
      if (j.options.retryLimit !== undefined) options.retryLimit = j.options.retryLimit;
      await boss.send(j.name, j.data, options);
    }
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

  return {
    definitions: defs,
    async start(ctx, { work }) {
      // Once per process: a second call (e.g. a test helper and the test both starting it) changes nothing.
      if (started) return;
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
        if (def.cron) await boss.schedule(def.name, def.cron, {});
        if (!work) continue;
        const workers = def.concurrency ?? 1;
        for (let i = 0; i < workers; i++) {
          await boss.work(def.name, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async (jobs) => {
            for (const job of jobs) {
              const r = await runOne(def, job);
              // Gave up: the job completes (its failure is recorded by onGaveUp), so pg-boss does not retry it.
              if (r !== 'done') return { gaveUp: r.gaveUp.message };
            }
          });
        }
      }
    },
    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, wait: true, timeout: 5000, close: false } as PgBoss.StopOptions);
    },
    async send(name, data, options = {}) {
      return boss.send(name, data, options);
    },
    async drain(names) {
      let ran = 0;
      for (;;) {
        let round = 0;
        for (const def of defs.values()) {
          if (names && !names.includes(def.name)) continue;
          const jobs = await boss.fetch<unknown>(def.name, { includeMetadata: true, batchSize: 20 });
          for (const job of jobs) {
            round++;
            try {
              const r = await runOne(def, job);
              await boss.complete(def.name, job.id, r === 'done' ? {} : { gaveUp: r.gaveUp.message });
            } catch (err) {
              await boss.fail(def.name, job.id, { message: (err as Error).message });
            }
          }
        }
        ran += round;
        if (round === 0) return ran;
      }
    },
    async pending(name) {
      const r = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [name]);
      return r.n;
    },
  };
}
