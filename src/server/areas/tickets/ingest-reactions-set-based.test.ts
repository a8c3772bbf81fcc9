import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type TestApp } from '../../test/harness.js';
import { FANOUT_JOB, reactionsSettled } from '../../core/events/reactions.js';
import { InboundGroupWriter } from './commands/ingest-group.js';
import { ingestInbound } from './index.js';
import type { InboundMessage } from './commands/ingest-inbound.js';

const BODIES = [
  'Shop ơi giao hàng chậm quá, mình bực lắm rồi',
  'Cảm ơn shop nhiều, hàng đẹp lắm ạ',
  'Cho mình hỏi đơn hàng giao chưa ạ?',
  'Sản phẩm bị lỗi, mình muốn đổi trả',
  'tuyệt vời, lần sau mình lại mua',
  'Mình chuyển khoản rồi mà chưa thấy xác nhận',
];

/**
 * The reactions an inbound message sets off work set-based over every event they get — one transaction's
 * group of messages (the group-commit writer), or the jobs of several transactions run as one batch — and
 * must leave exactly what they left when each message came alone: sentiments with their events,
 * notifications to the same people, metric samples.
 */
describe('ingest reactions, set-based over a group', { timeout: 300_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function workspace(name: string) {
    const ws = await seedWorkspace(t, name);
    await seedUser(t, ws.workspaceId, 'agent', 'Nhân Viên A');
    await seedUser(t, ws.workspaceId, 'agent', 'Nhân Viên B');
    return ws.workspaceId;
  }
  const message = (ws: string, i: number): InboundMessage => ({
    channel: 'zalo',
    externalId: `${ws}-${i}`,
    from: { kind: 'phone', value: `09${String(12345600 + i)}`, name: `Khách ${i}` },
    body: BODIES[i],
    contentType: 'text',
    attachments: [],
  });

  /** What the reactions left in a workspace, in a form two workspaces can be compared by. */
  async function outcome(ws: string) {
    const db = t.ctx.db;
    const sentiments = await db.query<{ body: string; sentiment: string; score: number }>(
      `SELECT m.body, s.sentiment, round(s.score::numeric, 4)::float8 AS score FROM message_sentiments s JOIN messages m ON m.id = s.message_id
       WHERE s.workspace_id = $1 ORDER BY m.body`,
      [ws],
    );
    const sentimentEvents = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND type = 'ai.sentiment_detected'`, [ws]);
    const notifications = await db.query<{ name: string; kind: string; n: number }>(
      `SELECT u.name, n.kind, count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.workspace_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [ws],
    );
    const samples = await db.query<{ measure: string; n: number }>(
      `SELECT measure, count(*)::int AS n FROM metric_samples WHERE workspace_id = $1 AND source_kind = 'ticket' GROUP BY 1 ORDER BY 1`,
      [ws],
    );
    return { sentiments, sentimentEvents: sentimentEvents.n, notifications, samples };
  }

  it('a group of six messages in one transaction leaves what six messages one by one left', async () => {
    const alone = await workspace('Shop từng tin');
    for (let i = 0; i < BODIES.length; i++) {
      await ingestInbound(t.ctx.db, message(alone, i), { kind: 'system', workspaceId: alone });
      await reactionsSettled();
      await t.ctx.jobs.drain();
    }
    const grouped = await workspace('Shop cả nhóm');
    const writer = new InboundGroupWriter(t.ctx.db);
    const filed = await writer.ingestMany(BODIES.map((_, i) => ({ input: message(grouped, i), actor: { kind: 'system' as const, workspaceId: grouped } })));
    expect(filed.every((r) => r.status === 'fulfilled')).toBe(true);
    // One transaction: every message's event went into the same one job for all its reactions.
    const jobs = await t.ctx.db.one<{ n: number }>(
      `SELECT count(DISTINCT j.id)::int AS n FROM pgboss.job j, jsonb_array_elements_text(j.data->'eventIds') e(id)
       JOIN events ev ON ev.id = e.id::bigint WHERE j.name = $2 AND j.data->'reactions' ? 'ai.sentiment' AND ev.workspace_id = $1 AND ev.type = 'message.created'`,
      [grouped, FANOUT_JOB],
    );
    expect(jobs.n).toBe(1);
    await reactionsSettled();
    await t.ctx.jobs.drain();

    const a = await outcome(alone);
    const g = await outcome(grouped);
    expect(a.sentiments).toHaveLength(BODIES.length);
    expect(a.sentimentEvents).toBe(BODIES.length);
    expect(a.notifications.length).toBeGreaterThan(0);
    expect(a.samples.length).toBeGreaterThan(0);
    expect(g).toEqual(a);
  });

  it("several transactions' jobs run as one batch recreate exactly what each job made alone", async () => {
    const ws = await workspace('Shop theo lô');
    for (let i = 0; i < 3; i++) await ingestInbound(t.ctx.db, message(ws, i), { kind: 'system', workspaceId: ws });
    await reactionsSettled();
    await t.ctx.jobs.drain();
    const before = await outcome(ws);
    expect(before.sentiments).toHaveLength(3);

    // The three transactions' fan-out jobs, as they were written (one per transaction, naming both reactions).
    const jobs = await t.ctx.db.query<{ data: { eventIds: string[]; reactions: string[] } }>(
      `SELECT DISTINCT j.id, j.data FROM pgboss.job j, jsonb_array_elements_text(j.data->'eventIds') e(id)
       JOIN events ev ON ev.id = e.id::bigint WHERE ev.workspace_id = $1 AND ev.type = 'message.created' AND j.name = $2`,
      [ws, FANOUT_JOB],
    );
    expect(jobs).toHaveLength(3);
    for (const j of jobs) expect(j.data.reactions).toEqual(expect.arrayContaining(['ai.sentiment', 'notifications.notify', 'metrics-refresh']));

    // Undo what they made, then run the three jobs as one batch (every reaction once over all their events).
    await t.ctx.db.query(`DELETE FROM events WHERE workspace_id = $1 AND type = 'ai.sentiment_detected'`, [ws]);
    await t.ctx.db.query(`DELETE FROM message_sentiments WHERE workspace_id = $1`, [ws]);
    await t.ctx.db.query(`DELETE FROM notification_causes WHERE workspace_id = $1`, [ws]);
    await t.ctx.db.query(`DELETE FROM metric_samples WHERE workspace_id = $1`, [ws]);
    expect((await outcome(ws)).sentiments).toHaveLength(0);
    const fanout = t.ctx.jobs.definitions.get(FANOUT_JOB)!;
    expect(fanout.handleBatch).toBeDefined();
    await fanout.handleBatch!(t.ctx, jobs.map((j) => j.data));
    await reactionsSettled();
    expect(await outcome(ws)).toEqual(before);

    // And again: nothing is made twice.
    await fanout.handleBatch!(t.ctx, jobs.map((j) => j.data));
    await reactionsSettled();
    expect(await outcome(ws)).toEqual(before);
  });
});
