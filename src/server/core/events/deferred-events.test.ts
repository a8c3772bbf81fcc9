import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import type { StoredEvent } from '../db/types.js';
import { appendEvent, appendEvents, deferEvents, type NewEvent } from './append.js';

/**
 * Deferred events (the inbound group writer's transaction): deferrable appends wait for one insert before
 * COMMIT; an appendEvent in between writes what waits first, so ids follow the order of the calls; a
 * transaction that did not opt in writes at once; a rollback leaves nothing.
 */
describe('deferred events', () => {
  let t: TestApp;
  let ws: string;
  beforeAll(async () => {
    t = await createTestApp();
    ws = (await seedWorkspace(t, 'Shop sự kiện')).workspaceId;
  });
  afterAll(() => t.close());

  const note = (label: string): NewEvent => ({ workspaceId: ws, type: 'customer.updated', subjectType: 'customer', subjectId: crypto.randomUUID(), actor: null, data: { fields: [label] } });
  const stored = (ids: string[]) =>
    t.ctx.db.query<{ id: string; label: string }>(`SELECT id::text, data->'fields'->>0 AS label FROM events WHERE subject_id = ANY($1::uuid[]) ORDER BY id`, [ids]);

  it('writes waiting events in one insert at commit, after what came before them and before what came after', async () => {
    const events = ['a', 'b', 'c', 'd'].map(note);
    const subjects = events.map((e) => e.subjectId);
    const seen: { inTx: number; returned: number; committed: StoredEvent[] } = { inTx: -1, returned: -1, committed: [] };
    const off = t.ctx.db.onCommittedEvents((list) => {
      if (list.some((e) => subjects.includes(e.subject_id))) seen.committed = list;
    });
    await t.ctx.db.tx(async (tx) => {
      deferEvents(tx);
      seen.returned = (await appendEvents(tx, events.slice(0, 2), { deferrable: true })).length;
      seen.inTx = (await tx.one<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE subject_id = ANY($1::uuid[])', [subjects])).n;
      await appendEvent(tx, events[2]); // writes a and b first
      await appendEvents(tx, [events[3]], { deferrable: true });
    });
    off();
    expect(seen.returned).toBe(0);
    expect(seen.inTx).toBe(0);
    const rows = await stored(subjects);
    expect(rows.map((r) => r.label)).toEqual(['a', 'b', 'c', 'd']);
    // The committed batch handed to reactions and realtime lists them in the same order, with their stored ids.
    expect(seen.committed.filter((e) => subjects.includes(e.subject_id)).map((e) => e.id)).toEqual(rows.map((r) => r.id));
  });

  it('writes at once in a transaction that did not opt in, and keeps nothing of a rolled-back one', async () => {
    const now = note('now');
    const back = note('back');
    await t.ctx.db.tx(async (tx) => {
      expect(await appendEvents(tx, [now], { deferrable: true })).toHaveLength(1);
    });
    await expect(
      t.ctx.db.tx(async (tx) => {
        deferEvents(tx);
        await appendEvents(tx, [back], { deferrable: true });
        throw new Error('the group failed');
      }),
    ).rejects.toThrow('the group failed');
    expect((await stored([now.subjectId, back.subjectId])).map((r) => r.label)).toEqual(['now']);
  });
});
