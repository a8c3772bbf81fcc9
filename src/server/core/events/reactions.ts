import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { StoredEvent, Tx } from '../db/types.js';
import { defineJob, type JobDefinition } from '../jobs/define.js';
import { isEvent, type EventType } from './types.js';

/**
 * A durable reaction to events (DESIGN rule 2): metrics refresh, survey scheduling, webchat delivery,
 * later workflows and webhooks. When a transaction appends events that reactions handle, ONE job
 * `react.fanout` carrying their ids and the reactions' names is written into the queue in that same
 * transaction (the outbox), so the reactions happen exactly when the write does — after a crash, on the
 * next start; a reaction marked `ownJob` gets a job `react.<name>` of its own instead. Right after the
 * commit this process runs the jobs at once (the eager path), so nothing waits for a poll. A reaction that
 * fails inside the fan-out job is retried alone, as a `react.<name>` job (see fanoutJob).
 * `run` must be idempotent (a job may run twice) and should read current state rather than trust the
 * order in which events arrive: reactions of different transactions may run in any order. When its queue
 * is busy, one run gets the events of several transactions at once (in id order): handlers work set-based
 * over all of them (one statement per table, not per event).
 */
export interface Reaction {
  name: string;
  handles: readonly EventType[] | '*';
  /** Frequent events that never matter to this reaction (no job is written for them). */
  ignores?: readonly EventType[];
  /**
   * A cheap check inside the writing transaction, before its job is written: false writes no job (and
   * the eager path does not kick it). Only for a reaction that would certainly do nothing with these
   * events as the transaction sees them (e.g. nobody subscribed); true whenever in doubt.
   */
  needed?(tx: Tx, events: readonly StoredEvent[]): Promise<boolean>;
  /**
   * The same kind of check when it is one read of the workspaces' settings: appendReactionJobs runs the
   * reads of all the transaction's reactions as ONE statement (an inbound message's transaction needs
   * three: webhook subscriptions, AI models, AI agent settings). Returns a definite answer without any
   * read, 'ask' to leave it to `needed`, or a scalar SQL subquery over $1 = the events' workspace ids
   * (uuid[]) and how to read its value (`decide` may answer 'ask' too).
   */
  settingsCheck?(events: readonly StoredEvent[]): boolean | 'ask' | SettingsRead;
  run(ctx: AppContext, events: StoredEvent[]): Promise<void>;
  retryLimit?: number;
  /** How many of this reaction's own jobs (`ownJob`, and retries) run at once per process (default 2). */
  concurrency?: number;
  /**
   * Runs in a job `react.<name>` of its own instead of the shared fan-out job: for a reaction that waits on
   * the outside world (a model endpoint over HTTP), so the others of the transaction do not wait for it.
   * Costs a job row, its fetch and completion per transaction: give such a reaction a `needed` check.
   */
  ownJob?: boolean;
}

/** A reaction's settings read (see Reaction.settingsCheck). */
export interface SettingsRead {
  /** A scalar subquery's SELECT (no parentheses); $1 is the only parameter: the events' workspace ids. */
  sql: string;
  /** Whether the reaction is needed, from the subquery's value (JSON arrives parsed); 'ask': call `needed`. */
  decide(value: unknown): boolean | 'ask';
}

export const reactionJobName = (r: Pick<Reaction, 'name'>) => `react.${r.name}`;

function wants(r: Reaction, e: StoredEvent): boolean {
  if (r.ignores && isEvent(e, ...r.ignores)) return false;
  return r.handles === '*' || isEvent(e, ...r.handles);
}

/** The events of one transaction that a reaction handles. */
export function eventsFor(r: Reaction, events: readonly StoredEvent[]): StoredEvent[] {
  return events.filter((e) => wants(r, e));
}

const ReactionJobSchema = z.object({ eventIds: z.array(z.string().regex(/^\d+$/)).min(1) });

async function runOver(ctx: AppContext, r: Reaction, eventIds: string[]) {
  const rows = await ctx.db.query<StoredEvent>(`SELECT * FROM events WHERE id = ANY($1::bigint[]) ORDER BY id`, [eventIds]);
  for (const row of rows) row.id = String(row.id);
  if (rows.length) await r.run(ctx, rows);
}

/** One job definition per reaction: loads its events (in append order) and runs it. */
export function reactionJob(r: Reaction): JobDefinition<z.infer<typeof ReactionJobSchema>> {
  return defineJob({
    name: reactionJobName(r),
    schema: ReactionJobSchema,
    retryLimit: r.retryLimit ?? 8,
    retryDelay: 5,
    retryBackoff: true,
    concurrency: r.concurrency ?? 2,
    async handle(ctx, data) {
      await runOver(ctx, r, data.eventIds);
    },
    // Many transactions' jobs at once (a busy queue): one read of their events and one run over all of them,
    // so set-based handlers write once per table for the lot instead of once per transaction.
    async handleBatch(ctx, data) {
      await runOver(ctx, r, [...new Set(data.flatMap((d) => d.eventIds))]);
    },
  });
}

/** The one job a transaction writes for all its reactions that are not `ownJob`. */
export const FANOUT_JOB = 'react.fanout';

const FanoutSchema = z.object({ eventIds: z.array(z.string().regex(/^\d+$/)).min(1), reactions: z.array(z.string()).min(1) });
type Fanout = z.infer<typeof FanoutSchema>;

/**
 * The fan-out job: one per transaction (or, when its queue is busy, up to a batch of them at once) runs every
 * reaction it names over that reaction's events — the events read once for all, the reactions side by side,
 * each once over all the jobs' events (set-based). Instead of one job per reaction: one row, one fetch, one
 * completion and one read of the events for all of them (they used to cost more than the reactions' work).
 * A reaction that fails does not fail the others: over several jobs it is tried again job by job, and for
 * each job where it still fails a `react.<name>` job with that job's events is written (durably, before
 * this job completes), retried on its own with the reaction's backoff; so one bad transaction retries alone,
 * as it did with a job per reaction. A crash in between runs the whole fan-out again (reactions are idempotent).
 */
export function fanoutJob(reactions: readonly Reaction[]): JobDefinition<Fanout> {
  const byName = new Map(reactions.map((r) => [r.name, r]));
  async function runAll(ctx: AppContext, jobs: Fanout[]) {
    const rows = await ctx.db.query<StoredEvent>(`SELECT * FROM events WHERE id = ANY($1::bigint[]) ORDER BY id`, [[...new Set(jobs.flatMap((j) => j.eventIds))]]);
    for (const row of rows) row.id = String(row.id);
    const byId = new Map(rows.map((e) => [e.id, e]));
    // A reaction's events in one job: the job's events that it handles (as appendReactionJobs chose them).
    const eventsOf = (r: Reaction, j: Fanout) => eventsFor(r, j.eventIds.flatMap((id) => byId.get(id) ?? []));
    const names = [...new Set(jobs.flatMap((j) => j.reactions))].filter((n) => {
      if (byName.has(n)) return true;
      console.error(`reaction ${n} is gone; its events are not handled`);
      return false;
    });
    const retries: { name: string; eventIds: string[] }[] = [];
    await Promise.all(
      names.map(async (name) => {
        const r = byName.get(name)!;
        const mine = jobs.filter((j) => j.reactions.includes(name));
        const all = [...new Map(mine.flatMap((j) => eventsOf(r, j)).map((e) => [e.id, e])).values()].sort((a, b) => Number(a.id) - Number(b.id));
        if (all.length === 0) return;
        try {
          await r.run(ctx, all);
          return;
        } catch (err) {
          console.error(`reaction ${name} failed over ${mine.length} transaction(s):`, (err as Error).message);
        }
        // One after another, so only the transactions whose events still fail are retried.
        for (const j of mine) {
          const events = eventsOf(r, j);
          if (events.length === 0) continue;
          try {
            if (mine.length > 1) {
              await r.run(ctx, events);
              continue;
            }
          } catch (err) {
            console.error(`reaction ${name} failed (will retry alone):`, (err as Error).message);
          }
          retries.push({ name: reactionJobName(r), eventIds: events.map((e) => e.id) });
        }
      }),
    );
    for (const r of retries) await ctx.jobs.send(r.name, { eventIds: r.eventIds });
  }
  return defineJob({
    name: FANOUT_JOB,
    schema: FanoutSchema,
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
    concurrency: 2,
    async handle(ctx, data) {
      await runAll(ctx, [data]);
    },
    async handleBatch(ctx, data) {
      await runAll(ctx, data);
    },
  });
}

/** Per committed batch (tx.events is the array the commit listeners get): reactions whose `needed` said no. */
const skipped = new WeakMap<readonly StoredEvent[], Set<string>>();

/**
 * Appends, inside the transaction, the jobs of the reactions that handle some of its events (and need to
 * run): one fan-out job for all of them, plus one job per `ownJob` reaction. Returns the queues written to.
 */
export async function appendReactionJobs(tx: Tx, reactions: readonly Reaction[]): Promise<string[]> {
  const names: string[] = [];
  const together: string[] = [];
  const ids = new Set<string>();
  const answers = await settingsAnswers(tx, reactions);
  for (const r of reactions) {
    const mine = eventsFor(r, tx.events);
    if (mine.length === 0) continue;
    const answer = answers.get(r.name) ?? 'ask';
    if (answer === false || (answer === 'ask' && r.needed && !(await r.needed(tx, mine)))) {
      const set = skipped.get(tx.events) ?? new Set<string>();
      set.add(r.name);
      skipped.set(tx.events, set);
      continue;
    }
    if (r.ownJob) {
      tx.jobs.push({ name: reactionJobName(r), data: { eventIds: mine.map((e) => e.id) }, options: {} });
      names.push(reactionJobName(r));
      continue;
    }
    together.push(r.name);
    for (const e of mine) ids.add(e.id);
  }
  if (together.length > 0) {
    tx.jobs.push({ name: FANOUT_JOB, data: { eventIds: tx.events.filter((e) => ids.has(e.id)).map((e) => e.id), reactions: together }, options: {} });
    names.push(FANOUT_JOB);
  }
  return names;
}

/**
 * The settings checks of the reactions that handle some of the transaction's events, answered together:
 * the ones that need a read in one statement (`SELECT (<read 0>) AS r0, (<read 1>) AS r1 …`, $1 shared).
 */
async function settingsAnswers(tx: Tx, reactions: readonly Reaction[]): Promise<Map<string, boolean | 'ask'>> {
  const answers = new Map<string, boolean | 'ask'>();
  const reads: { name: string; read: SettingsRead; workspaces: string[] }[] = [];
  for (const r of reactions) {
    if (!r.settingsCheck) continue;
    const mine = eventsFor(r, tx.events);
    if (mine.length === 0) continue;
    const check = r.settingsCheck(mine);
    if (typeof check === 'boolean' || check === 'ask') answers.set(r.name, check);
    else reads.push({ name: r.name, read: check, workspaces: mine.map((e) => e.workspace_id) });
  }
  if (reads.length === 0) return answers;
  // Every read gets all the transaction's workspaces (a superset of its own events'): the reads filter by workspace themselves.
  const workspaces = [...new Set(reads.flatMap((x) => x.workspaces))];
  const row = await tx.one<Record<string, unknown>>(`SELECT ${reads.map((x, i) => `(${x.read.sql}) AS r${i}`).join(', ')}`, [workspaces]);
  reads.forEach((x, i) => answers.set(x.name, x.read.decide(row[`r${i}`])));
  return answers;
}

/** The queues a committed batch of events wrote to, as appendReactionJobs decided (the eager path kicks these). */
function queuesFor(reactions: readonly Reaction[], events: readonly StoredEvent[]): string[] {
  const notNeeded = skipped.get(events);
  const running = reactions.filter((r) => !notNeeded?.has(r.name) && eventsFor(r, events).length > 0);
  const names = running.filter((r) => r.ownJob).map(reactionJobName);
  if (running.some((r) => !r.ownJob)) names.push(FANOUT_JOB);
  return names;
}

const eager = new Set<Promise<unknown>>();

/** Resolves when every reaction this process started at commit has finished (tests, CLI tools). */
export async function reactionsSettled(): Promise<void> {
  while (eager.size) await Promise.allSettled([...eager]);
}

/**
 * Wires the reactions: their jobs are written with each transaction (see queue.ts), and after each
 * commit this process drains the queues it just wrote to, so reactions run at once; the realtime push
 * stays in-process (it only informs browsers and may be lost with the process).
 */
export function registerReactions(ctx: AppContext, reactions: readonly Reaction[]) {
  ctx.db.onCommittedEvents((events) => {
    ctx.realtime.publish(events);
    const names = queuesFor(reactions, events);
    if (names.length === 0 || !ctx.jobs.running()) return;
    const p = ctx.jobs.kick(names).catch((err) => console.error('reaction jobs failed to run', (err as Error).message));
    eager.add(p);
    void p.finally(() => eager.delete(p));
  });
}
