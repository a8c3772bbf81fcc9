import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import { measure, measureSamples } from './engine.js';
import { rebuildWorkspace } from './refresh.js';
import { RawWriter } from '../../test/fixtures/metrics-raw.js';
import { timeBucket, timeBucketValue } from './buckets.js';

/**
 * A hand-computed fixture for every measure (PRODUCT.md §4). Workspace zone Asia/Ho_Chi_Minh (UTC+7),
 * business hours Mon–Fri 08:00–17:30, Sat 08:00–12:00. Period 2026-03-02 (Mon) … 2026-03-08 (Sun);
 * the previous period is 2026-02-23 … 2026-03-01. Each expectation shows its arithmetic.
 */
const L = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const P = { from: '2026-03-02', to: '2026-03-08' };
const PREV = { from: '2026-02-23', to: '2026-03-01' };
const q = (seconds: number) => timeBucketValue(timeBucket(seconds));

let t: TestApp;
let ws: string;
const team1 = randomUUID();
const team2 = randomUUID();
const a1 = randomUUID();
const a2 = randomUUID();
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  ws = (await seedWorkspace(t)).workspaceId;
  const db = t.ctx.db;
  await db.query(`UPDATE workspaces SET timezone = 'Asia/Ho_Chi_Minh' WHERE id = $1`, [ws]);
  await db.query(`INSERT INTO teams (id, workspace_id, name) VALUES ($1, $3, 'Đội Một'), ($2, $3, 'Đội Hai')`, [team1, team2, ws]);
  await db.query(
    `INSERT INTO users (id, workspace_id, email, name, password_hash, role) VALUES
       ($1, $3, $4, 'Agent Một', 'x', 'agent'), ($2, $3, $5, 'Agent Hai', 'x', 'agent')`,
    [a1, a2, ws, `a1-${a1}@example.vn`, `a2-${a2}@example.vn`],
  );
  const w = new RawWriter(db, ws);
  // T1 email, team1/a1, billing, high, #vip. Replies: 09:10 (FRT 600 s) and 10:00; a note does not count.
  ids.t1 = await w.ticket(
    { channel: 'email', status: 'resolved', priority: 'high', category: 'billing', teamId: team1, assigneeId: a1, tags: ['vip'], createdAt: L('2026-03-02 09:00'),
      resolvedAt: L('2026-03-02 11:00'), firstResponseDueAt: L('2026-03-02 09:30'), resolutionDueAt: L('2026-03-02 12:00') },
    [
      { direction: 'inbound', at: L('2026-03-02 09:00') },
      { direction: 'outbound', at: L('2026-03-02 09:10'), authorId: a1 },
      { direction: 'inbound', at: L('2026-03-02 09:30') },
      { direction: 'inbound', at: L('2026-03-02 09:40') },
      { direction: 'outbound', at: L('2026-03-02 10:00'), authorId: a1 },
      { direction: 'note', at: L('2026-03-02 10:05'), authorId: a1 },
    ],
    [{ from: 'responded', to: 'resolved', at: L('2026-03-02 11:00') }],
  );
  // T2 webchat, team1/a1, shipping, #vip #new; written Tue 20:00 (after hours); an automated survey
  // message at 20:01 is not a reply; a1 replies Wed 08:30.
  ids.t2 = await w.ticket(
    { channel: 'webchat', status: 'resolved', category: 'shipping', teamId: team1, assigneeId: a1, tags: ['vip', 'new'], createdAt: L('2026-03-03 20:00'),
      resolvedAt: L('2026-03-04 09:00'), firstResponseDueAt: L('2026-03-04 08:15'), resolutionDueAt: L('2026-03-04 17:00') },
    [
      { direction: 'inbound', at: L('2026-03-03 20:00') },
      { direction: 'outbound', at: L('2026-03-03 20:01'), automated: true },
      { direction: 'outbound', at: L('2026-03-04 08:30'), authorId: a1 },
    ],
    [{ from: 'responded', to: 'resolved', at: L('2026-03-04 09:00') }],
  );
  // T3 phone, team2/a2, billing, urgent: resolved Thu 10:30, reopened Fri 09:00 (within 7 days), resolved again Fri 10:00.
  ids.t3 = await w.ticket(
    { channel: 'phone', status: 'resolved', priority: 'urgent', category: 'billing', teamId: team2, assigneeId: a2, createdAt: L('2026-03-05 10:00'),
      resolvedAt: L('2026-03-06 10:00'), reopenCount: 1 },
    [
      { direction: 'inbound', at: L('2026-03-05 10:00') },
      { direction: 'outbound', at: L('2026-03-05 10:05'), authorId: a2 },
      { direction: 'inbound', at: L('2026-03-06 09:00') },
      { direction: 'outbound', at: L('2026-03-06 09:20'), authorId: a2 },
    ],
    [
      { from: 'responded', to: 'resolved', at: L('2026-03-05 10:30') },
      { from: 'resolved', to: 'received', at: L('2026-03-06 09:00') },
      { from: 'received', to: 'resolved', at: L('2026-03-06 10:00') },
    ],
  );
  // T4 email, team2/a2, open, unanswered: its first-response due time (Sat 10:00) has passed → missed; resolution due in 2099 → not judged yet.
  ids.t4 = await w.ticket(
    { channel: 'email', status: 'routed', teamId: team2, assigneeId: a2, createdAt: L('2026-03-07 09:00'), firstResponseDueAt: L('2026-03-07 10:00'), resolutionDueAt: new Date('2099-01-01T00:00:00Z') },
    [{ direction: 'inbound', at: L('2026-03-07 09:00') }],
  );
  // T5 email, no team, unassigned, Sun 23:30 local (16:30 UTC): still 2026-03-08 in the workspace's zone.
  ids.t5 = await w.ticket({ channel: 'email', createdAt: L('2026-03-08 23:30') }, [{ direction: 'inbound', at: L('2026-03-08 23:30') }]);
  // T6 previous period: FRT 1200 s, resolution 7200 s, one reply → FCR.
  ids.t6 = await w.ticket(
    { channel: 'email', status: 'resolved', teamId: team1, assigneeId: a1, createdAt: L('2026-02-25 10:00'), resolvedAt: L('2026-02-25 12:00') },
    [{ direction: 'inbound', at: L('2026-02-25 10:00') }, { direction: 'outbound', at: L('2026-02-25 10:20'), authorId: a1 }],
    [{ from: 'responded', to: 'resolved', at: L('2026-02-25 12:00') }],
  );
  // T7 before both periods and still open: part of both backlogs.
  ids.t7 = await w.ticket({ channel: 'email', status: 'responded', teamId: team1, assigneeId: a1, createdAt: L('2026-02-20 10:00') },
    [{ direction: 'inbound', at: L('2026-02-20 10:00') }, { direction: 'outbound', at: L('2026-02-20 10:30'), authorId: a1 }]);
  // T8 merged into T1: a tombstone, measured nowhere.
  ids.t8 = await w.ticket({ channel: 'email', status: 'closed', createdAt: L('2026-03-02 10:00'), closedAt: L('2026-03-02 10:10') }, [{ direction: 'inbound', at: L('2026-03-02 10:00') }]);
  await db.query(`UPDATE tickets SET merged_into_id = $1 WHERE id = $2`, [ids.t1, ids.t8]);

  // Survey answers.
  await w.answer({ type: 'csat', score: 5, at: L('2026-03-02 12:00'), ticketId: ids.t1, agentId: a1, teamId: team1 });
  await w.answer({ type: 'csat', score: 4, at: L('2026-03-04 12:00'), ticketId: ids.t2, agentId: a1, teamId: team1, channel: 'webchat' });
  await w.answer({ type: 'csat', score: 2, at: L('2026-03-06 12:00'), ticketId: ids.t3, agentId: a2, teamId: team2, channel: 'phone' });
  await w.answer({ type: 'csat', score: 3, at: L('2026-03-07 12:00'), agentId: a2, teamId: team2 });
  await w.answer({ type: 'csat', score: 5, at: L('2026-02-26 12:00'), ticketId: ids.t6, agentId: a1, teamId: team1 });
  for (const s of [10, 9, 9, 7, 3]) await w.answer({ type: 'nps', score: s, at: L('2026-03-03 12:00') });
  for (const s of [7, 5, 6]) await w.answer({ type: 'ces', score: s, at: L('2026-03-04 12:00') });

  // Calls.
  await w.call({ status: 'ended', startedAt: L('2026-03-05 10:00'), answeredAt: L('2026-03-05 10:00'), talk: 300, wrapUp: 60, agentId: a2, ticketId: ids.t3 });
  await w.call({ status: 'ended', startedAt: L('2026-03-05 11:00'), answeredAt: L('2026-03-05 11:00'), talk: 200, agentId: a2 });
  await w.call({ status: 'missed', startedAt: L('2026-03-05 12:00'), abandoned: true });
  await w.call({ status: 'missed', startedAt: L('2026-03-05 22:00'), abandoned: false });
  await w.call({ direction: 'outbound', status: 'ended', startedAt: L('2026-03-06 10:00'), answeredAt: L('2026-03-06 10:00'), talk: 100, wrapUp: 20, agentId: a1 });
  await w.call({ status: 'ringing', startedAt: L('2026-03-06 11:00') });

  // Chats (all on T2).
  await w.chat({ ticketId: ids.t2, status: 'ended', startedAt: L('2026-03-03 20:00'), firstAgentReplyAt: L('2026-03-03 20:05'), endedAt: L('2026-03-03 20:25') });
  await w.chat({ ticketId: ids.t2, status: 'abandoned', startedAt: L('2026-03-04 10:00'), endedAt: L('2026-03-04 10:10') });
  await w.chat({ ticketId: ids.t2, status: 'ended', startedAt: L('2026-03-04 11:00'), endedAt: L('2026-03-04 11:30') });
  await w.chat({ ticketId: ids.t2, status: 'open', startedAt: L('2026-03-05 11:00') });

  await rebuildWorkspace(db, ws);
});
afterAll(() => t?.close());

const m = (key: Parameters<typeof measure>[2], f: Record<string, string> = {}) => measure(t.ctx.db, ws, key, { ...P, ...f });

describe('metrics fixture (hand-computed)', () => {
  it('volume and backlog', async () => {
    // Created in the period: T1 T2 T3 T4 T5 = 5 (T8 is merged); previous: T6 = 1.
    expect(await m('volume')).toEqual({ value: 5, n: 5 });
    expect((await m('volume', PREV)).value).toBe(1);
    // Open at the end of 03-08: T4, T5 (open) + T7 (open since 02-20) = 3; at the end of 03-01: T7 = 1.
    expect((await m('backlog')).value).toBe(3);
    expect((await m('backlog', PREV)).value).toBe(1);
  });

  it('FRT wall clock and business hours', async () => {
    // Samples: T1 09:00→09:10 = 600; T2 Tue 20:00→Wed 08:30 = 12.5 h = 45000 (the automated 20:01 is skipped); T3 = 300.
    const frt = await m('frt');
    expect(frt.n).toBe(3);
    expect(frt.value).toBeCloseTo((600 + 45000 + 300) / 3, 6); // 15300
    expect(frt.median).toBe(q(600)); // nearest rank ceil(0.5·3) = 2nd of [300, 600, 45000]
    expect(frt.p90).toBe(q(45000)); // ceil(0.9·3) = 3rd
    // Business: T1 600; T2 only Wed 08:00→08:30 is open = 1800; T3 300 → (600+1800+300)/3 = 900.
    const b = await m('frt_business');
    expect(b.value).toBeCloseTo(900, 6);
    expect(b.n).toBe(3);
  });

  it('average response time ignores notes and automated messages', async () => {
    // T1: 09:00→09:10 600, 09:30→10:00 1800, 09:40→10:00 1200; T2: 20:00→08:30 45000; T3: 300, Fri 09:00→09:20 1200.
    const r = await m('response_time');
    expect(r.n).toBe(6);
    expect(r.value).toBeCloseTo((600 + 1800 + 1200 + 45000 + 300 + 1200) / 6, 6); // 8350
  });

  it('resolution time, FCR, reopen rate', async () => {
    // Resolved in the period: T1 2 h = 7200; T2 Tue 20:00→Wed 09:00 = 46800; T3 Thu 10:00→Fri 10:00 = 86400.
    const r = await m('resolution_time');
    expect(r.value).toBeCloseTo((7200 + 46800 + 86400) / 3, 6);
    // FCR: T1 two replies ✗, T2 one reply ✓, T3 reopened within 7 days ✗ → 1/3.
    expect((await m('fcr')).value).toBeCloseTo(100 / 3, 6);
    // Reopen rate: T3 of 3 resolved → 1/3.
    expect((await m('reopen_rate')).value).toBeCloseTo(100 / 3, 6);
    // Previous period: T6 resolved with one reply → FCR 100 %, resolution 7200.
    expect((await m('fcr', PREV)).value).toBe(100);
    expect((await m('resolution_time', PREV)).value).toBe(7200);
  });

  it('SLA attainment', async () => {
    // First response: T1 09:10 ≤ 09:30 ✓, T2 08:30 > 08:15 ✗, T4 unanswered after its due time ✗ → 1/3.
    const f = await m('sla_first_response');
    expect(f).toMatchObject({ n: 3 });
    expect(f.value).toBeCloseTo(100 / 3, 6);
    // Resolution: T1 11:00 ≤ 12:00 ✓, T2 09:00 ≤ 17:00 ✓; T4 not due yet → 2/2.
    expect(await m('sla_resolution')).toEqual({ value: 100, n: 2 });
  });

  it('CSAT, NPS, CES', async () => {
    // CSAT answers 5, 4, 2, 3 → 2 of 4 score 4–5 = 50 %; mean (5+4+2+3)/4 = 3.5. Previous: one 5 → 100 %.
    expect(await m('csat')).toEqual({ value: 50, n: 4, mean: 3.5 });
    expect((await m('csat', PREV)).value).toBe(100);
    // NPS 10, 9, 9, 7, 3 → promoters 3/5 = 60 %, detractors 1/5 = 20 % → 40.
    expect((await m('nps')).value).toBeCloseTo(40, 6);
    // CES (7+5+6)/3 = 6.
    expect(await m('ces')).toEqual({ value: 6, n: 3, mean: 6 });
  });

  it('calls and chats: AHT and abandoned rates', async () => {
    // Answered calls: 300+60 = 360, 200 (no wrap-up), outbound 100+20 = 120 → (360+200+120)/3; the ringing one is not finished.
    const aht = await m('aht_call');
    expect(aht.n).toBe(3);
    expect(aht.value).toBeCloseTo(680 / 3, 6);
    // Offered (finished inbound) calls: 2 answered + 2 missed, 1 of them abandoned → 25 %.
    expect(await m('abandoned_call')).toEqual({ value: 25, n: 4 });
    // Chats: one ended with an agent 20:05→20:25 = 1200 s; offered = 2 ended + 1 abandoned → 1/3.
    expect((await m('aht_chat')).value).toBe(1200);
    const ab = await m('abandoned_chat');
    expect(ab.n).toBe(3);
    expect(ab.value).toBeCloseTo(100 / 3, 6);
  });

  it('filters: team, agent, channel, tag, category, priority', async () => {
    expect((await m('volume', { teamId: team1 })).value).toBe(2); // T1, T2
    expect((await m('frt', { teamId: team1 })).value).toBeCloseTo((600 + 45000) / 2, 6);
    expect((await m('volume', { agentId: a2 })).value).toBe(2); // T3, T4 assigned to a2
    expect((await m('frt', { agentId: a2 })).value).toBe(300); // only T3 replied by a2
    expect((await m('csat', { agentId: a1 })).value).toBe(100); // 5 and 4
    expect((await m('volume', { channel: 'email' })).value).toBe(3); // T1, T4, T5
    expect((await m('volume', { tag: 'vip' })).value).toBe(2); // T1, T2
    expect((await m('volume', { category: 'billing' })).value).toBe(2); // T1, T3
    expect((await m('volume', { priority: 'urgent' })).value).toBe(1); // T3
    expect((await m('backlog', { teamId: team2 })).value).toBe(1); // T4
  });

  it('breakdowns by dimension and by day', async () => {
    const byTeam = await measure(t.ctx.db, ws, 'volume', P, { by: 'team' });
    expect(Object.fromEntries(byTeam.map((r) => [r.key, r.value.value]))).toEqual({ [team1]: 2, [team2]: 2, '': 1 });
    const byTag = await measure(t.ctx.db, ws, 'volume', P, { by: 'tag' });
    expect(Object.fromEntries(byTag.map((r) => [r.key, r.value.value]))).toEqual({ vip: 2, new: 1 });
    const byDay = await measure(t.ctx.db, ws, 'volume', P, { by: 'day' });
    expect(byDay.map((r) => r.value.value)).toEqual([1, 1, 0, 1, 0, 1, 1]); // Mon T1, Tue T2, Thu T3, Sat T4, Sun T5
    const backlogByDay = await measure(t.ctx.db, ws, 'backlog', P, { by: 'day' });
    // Start 1 (T7). Mon +T1 −T1 = 1; Tue +T2 = 2; Wed −T2 = 1; Thu +T3 = 2; Fri −T3 = 1; Sat +T4 = 2; Sun +T5 = 3.
    expect(backlogByDay.map((r) => r.value.value)).toEqual([1, 2, 1, 2, 1, 2, 3]);
  });

  it('samples for statistical tests', async () => {
    expect(await measureSamples(t.ctx.db, ws, 'csat', P)).toEqual({ kind: 'proportion', successes: 2, n: 4 });
    expect(await measureSamples(t.ctx.db, ws, 'nps', P)).toEqual({ kind: 'nps', promoters: 3, detractors: 1, n: 5 });
    const frt = await measureSamples(t.ctx.db, ws, 'frt', P);
    expect(frt).toMatchObject({ kind: 'distribution', n: 3, sum: 45900 });
    // Date bounds map to the workspace's calendar days: 2026-03-02 00:30 local is 2026-03-01 17:30 UTC.
    expect((await measure(t.ctx.db, ws, 'volume', { from: L('2026-03-02 00:30'), to: L('2026-03-08 23:59') })).value).toBe(5);
  });
});
