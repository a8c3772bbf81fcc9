import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import type { Tx } from '../db/types.js';
import { appendEvent } from './append.js';
import { appendReactionJobs, FANOUT_JOB, type Reaction } from './reactions.js';

/**
 * Reactions' settings checks (Reaction.settingsCheck) are answered together: the ones that need a read
 * cost ONE statement for the whole transaction, each decides from its own column, and 'ask' falls back
 * to the reaction's `needed`.
 */
describe('settings checks of a transaction’s reactions', () => {
  let t: TestApp;
  let ws: string;
  beforeAll(async () => {
    t = await createTestApp();
    ws = (await seedWorkspace(t, 'Shop cài đặt')).workspaceId;
  });
  afterAll(() => t.close());

  const noop = async () => undefined;
  const asked: string[] = [];
  const reactions: Reaction[] = [
    // Needed: its read finds the workspace.
    { name: 'test.found', handles: ['customer.updated'], run: noop, settingsCheck: () => ({ sql: 'SELECT count(*)::int FROM workspaces WHERE id = ANY($1::uuid[])', decide: (v) => v === 1 }) },
    // Not needed: its read finds nothing (JSON arrives parsed).
    { name: 'test.empty', handles: ['customer.updated'], run: noop, settingsCheck: () => ({ sql: `SELECT coalesce(json_agg(id), '[]'::json) FROM workspaces WHERE id = ANY($1::uuid[]) AND false`, decide: (v) => (v as unknown[]).length > 0 }) },
    // Not needed, decided without any read.
    { name: 'test.never', handles: ['customer.updated'], run: noop, settingsCheck: () => false },
    // Its read says 'ask': `needed` decides (yes).
    {
      name: 'test.asks',
      handles: ['customer.updated'],
      run: noop,
      settingsCheck: () => ({ sql: 'SELECT 1', decide: () => 'ask' }),
      needed: async () => {
        asked.push('test.asks');
        return true;
      },
    },
    // No check at all: needed whenever it handles an event.
    { name: 'test.plain', handles: ['customer.updated'], run: noop },
    // Handles nothing in this transaction: never asked.
    { name: 'test.other', handles: ['ticket.created'], run: noop, settingsCheck: () => { throw new Error('must not be asked'); } },
  ];

  /** The transaction, with every statement it sends counted. */
  function counting(tx: Tx, seen: string[]): Tx {
    const track = <A extends unknown[], R>(f: (text: string, ...rest: A) => R) => (text: string, ...rest: A) => {
      seen.push(text);
      return f(text, ...rest);
    };
    return { ...tx, events: tx.events, jobs: tx.jobs, query: track(tx.query.bind(tx)), one: track(tx.one.bind(tx)), maybeOne: track(tx.maybeOne.bind(tx)) } as Tx;
  }

  it('answers every read in one statement and writes one fan-out job for the reactions needed', async () => {
    const statements: string[] = [];
    const outcome = await t.ctx.db
      .tx(async (tx) => {
        await appendEvent(tx, { workspaceId: ws, type: 'customer.updated', subjectType: 'customer', subjectId: crypto.randomUUID(), actor: null, data: { fields: ['name'] } });
        const queues = await appendReactionJobs(counting(tx, statements), reactions);
        const jobs = tx.jobs.map((j) => ({ name: j.name, reactions: (j.data as { reactions: string[] }).reactions }));
        tx.jobs.length = 0; // nothing to run: these reactions are the test's own
        throw Object.assign(new Error('roll back'), { outcome: { queues, jobs } });
      })
      .catch((err: { outcome?: unknown }) => err.outcome);
    expect(outcome).toEqual({ queues: [FANOUT_JOB], jobs: [{ name: FANOUT_JOB, reactions: ['test.found', 'test.asks', 'test.plain'] }] });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^SELECT \(SELECT count\(\*\)::int FROM workspaces .*\) AS r0, \(SELECT coalesce.*\) AS r1, \(SELECT 1\) AS r2$/s);
    expect(asked).toEqual(['test.asks']);
  });
});
