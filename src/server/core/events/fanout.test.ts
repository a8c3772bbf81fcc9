import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import type { AppContext } from '../context.js';
import type { StoredEvent } from '../db/types.js';
import { appendEvent } from './append.js';
import { fanoutJob, reactionsSettled, type Reaction } from './reactions.js';

/**
 * The fan-out job (one per transaction for all its reactions): each reaction gets exactly the events it
 * handles of the jobs that name it, once over a whole batch; a reaction that fails neither fails the others
 * nor retries the transactions it did not fail on — only the failing ones come back as `react.<name>` jobs.
 */
describe('reaction fan-out job', () => {
  let t: TestApp;
  let ws: string;
  beforeAll(async () => {
    t = await createTestApp();
    ws = (await seedWorkspace(t, 'Shop phản ứng')).workspaceId;
  });
  afterAll(() => t.close());

  /** One transaction's events: a customer.updated and a customer.note_added, as their stored ids. */
  async function transaction(): Promise<{ updated: string; note: string }> {
    const ids = await t.ctx.db.tx(async (tx) => {
      const updated = await appendEvent(tx, { workspaceId: ws, type: 'customer.updated', subjectType: 'customer', subjectId: crypto.randomUUID(), actor: null, data: { fields: ['name'] } });
      const note = await appendEvent(tx, { workspaceId: ws, type: 'customer.note_added', subjectType: 'customer', subjectId: crypto.randomUUID(), actor: null, data: { noteId: crypto.randomUUID() } });
      return { updated: updated.id, note: note.id };
    });
    await reactionsSettled();
    return ids;
  }

  function harness(badId?: string) {
    const runs: Record<string, string[][]> = { updates: [], picky: [] };
    const updates: Reaction = {
      name: 'test.updates',
      handles: ['customer.updated'],
      async run(_ctx, events: StoredEvent[]) {
        runs.updates.push(events.map((e) => e.id));
      },
    };
    const picky: Reaction = {
      name: 'test.picky',
      handles: '*',
      async run(_ctx, events: StoredEvent[]) {
        runs.picky.push(events.map((e) => e.id));
        if (badId && events.some((e) => e.id === badId)) throw new Error('this event cannot be handled yet');
      },
    };
    const sent: { name: string; data: Record<string, unknown> }[] = [];
    const ctx: AppContext = {
      ...t.ctx,
      jobs: {
        ...t.ctx.jobs,
        send: async (name: string, data: Record<string, unknown>) => {
          sent.push({ name, data });
          return 'queued';
        },
      },
    };
    return { job: fanoutJob([updates, picky]), runs, sent, ctx };
  }

  it('runs each reaction once over a batch, with only the events it handles of the jobs that name it', async () => {
    const a = await transaction();
    const b = await transaction();
    const c = await transaction();
    const { job, runs, sent, ctx } = harness();
    await job.handleBatch!(ctx, [
      { eventIds: [a.updated, a.note], reactions: ['test.updates', 'test.picky'] },
      { eventIds: [b.updated, b.note], reactions: ['test.picky'] },
      { eventIds: [c.updated, c.note], reactions: ['test.updates', 'test.picky'] },
    ]);
    // b's job did not name test.updates: its customer.updated is not in that run; note_added never is.
    expect(runs.updates).toEqual([[a.updated, c.updated]]);
    expect(runs.picky).toEqual([[a.updated, a.note, b.updated, b.note, c.updated, c.note]]);
    expect(sent).toEqual([]);
  });

  it('a reaction failing in a batch is tried job by job and retried alone for the job it still fails on; the others are done', async () => {
    const a = await transaction();
    const b = await transaction();
    const c = await transaction();
    const { job, runs, sent, ctx } = harness(b.note);
    await job.handleBatch!(ctx, [
      { eventIds: [a.updated, a.note], reactions: ['test.updates', 'test.picky'] },
      { eventIds: [b.updated, b.note], reactions: ['test.updates', 'test.picky'] },
      { eventIds: [c.updated, c.note], reactions: ['test.updates', 'test.picky'] },
    ]);
    expect(runs.updates).toEqual([[a.updated, b.updated, c.updated]]);
    expect(runs.picky).toEqual([
      [a.updated, a.note, b.updated, b.note, c.updated, c.note],
      [a.updated, a.note],
      [b.updated, b.note],
      [c.updated, c.note],
    ]);
    expect(sent).toEqual([{ name: 'react.test.picky', data: { eventIds: [b.updated, b.note] } }]);
  });

  it('one job whose reaction fails: that reaction comes back as its own job with the job\'s events, the other ran', async () => {
    const a = await transaction();
    const { job, runs, sent, ctx } = harness(a.updated);
    await job.handle(ctx, { eventIds: [a.updated, a.note], reactions: ['test.updates', 'test.picky'] }, { id: 'x', retryCount: 0, lastAttempt: false });
    expect(runs.updates).toEqual([[a.updated]]);
    expect(runs.picky).toEqual([[a.updated, a.note]]);
    expect(sent).toEqual([{ name: 'react.test.picky', data: { eventIds: [a.updated, a.note] } }]);
  });

  it('a transaction writes one fan-out job naming the reactions its events concern', async () => {
    const a = await transaction();
    const rows = await t.ctx.db.query<{ name: string; data: { eventIds: string[]; reactions: string[] } }>(
      `SELECT name, data FROM pgboss.job WHERE name LIKE 'react.%' AND data->'eventIds' ? $1`,
      [a.updated],
    );
    expect(rows.map((r) => r.name)).toEqual(['react.fanout']);
    expect(rows[0].data.eventIds).toEqual([a.updated, a.note]);
    expect(rows[0].data.reactions).toEqual(expect.arrayContaining(['metrics-refresh', 'retention-refresh']));
  });
});
