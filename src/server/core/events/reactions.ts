import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { StoredEvent, Tx } from '../db/types.js';
import { defineJob, type JobDefinition } from '../jobs/define.js';
import { isEvent, type EventType } from './types.js';

/**
 * A durable reaction to events (DESIGN rule 2): metrics refresh, survey scheduling, webchat delivery,
 * later workflows and webhooks. When a transaction appends events that a reaction handles, a job
 * `react.<name>` carrying their ids is written into the queue in that same transaction (the outbox),
 * so the reaction happens exactly when the write does — after a crash, on the next start. Right after
 * the commit this process runs the job at once (the eager path), so nothing waits for a poll.
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
  run(ctx: AppContext, events: StoredEvent[]): Promise<void>;
  retryLimit?: number;
  /** How many of this reaction's jobs run at once per process (default 2). */
  concurrency?: number;
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

/** Per committed batch (tx.events is the array the commit listeners get): reactions whose `needed` said no. */
const skipped = new WeakMap<readonly StoredEvent[], Set<string>>();

/** Appends, inside the transaction, one reaction job per reaction that handles some of its events (and needs to run). */
export async function appendReactionJobs(tx: Tx, reactions: readonly Reaction[]): Promise<string[]> {
  const names: string[] = [];
  for (const r of reactions) {
    const mine = eventsFor(r, tx.events);
    if (mine.length === 0) continue;
    if (r.needed && !(await r.needed(tx, mine))) {
      const set = skipped.get(tx.events) ?? new Set<string>();
      set.add(r.name);
      skipped.set(tx.events, set);
      continue;
    }
    tx.jobs.push({ name: reactionJobName(r), data: { eventIds: mine.map((e) => e.id) }, options: {} });
    names.push(reactionJobName(r));
  }
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
    const notNeeded = skipped.get(events);
    const names = [...new Set(reactions.filter((r) => !notNeeded?.has(r.name) && eventsFor(r, events).length > 0).map(reactionJobName))];
    if (names.length === 0 || !ctx.jobs.running()) return;
    const p = ctx.jobs.kick(names).catch((err) => console.error('reaction jobs failed to run', (err as Error).message));
    eager.add(p);
    void p.finally(() => eager.delete(p));
  });
}
