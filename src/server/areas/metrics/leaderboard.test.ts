import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { RawWriter } from '../../test/fixtures/metrics-raw.js';
import { rebuildWorkspace } from './refresh.js';
import { LeaderboardSchema } from '../../../shared/metrics.js';

const L = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);

describe('team leaderboard', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t);
    ids.lan = (await seedUser(t, ws.workspaceId, 'agent', 'Lan')).id;
    ids.minh = (await seedUser(t, ws.workspaceId, 'agent', 'Minh')).id;
    ids.quiet = (await seedUser(t, ws.workspaceId, 'agent', 'Yên')).id;
    const w = new RawWriter(t.ctx.db, ws.workspaceId);
    // Lan: 2 tickets, first replies after 10 and 20 min; CSAT 5 and 4 → 100 %. Minh: 1 ticket, 60 min; CSAT 2 → 0 %.
    for (const [agent, minutes] of [['lan', 10], ['lan', 20], ['minh', 60]] as const) {
      const created = L('2026-03-03 09:00');
      await w.ticket({ createdAt: created, assigneeId: ids[agent], status: 'responded', channel: 'email' }, [
        { direction: 'inbound', at: created },
        { direction: 'outbound', at: new Date(created.getTime() + minutes * 60_000), authorId: ids[agent] },
      ]);
    }
    await w.answer({ type: 'csat', score: 5, at: L('2026-03-04 10:00'), agentId: ids.lan });
    await w.answer({ type: 'csat', score: 4, at: L('2026-03-04 11:00'), agentId: ids.lan });
    await w.answer({ type: 'csat', score: 2, at: L('2026-03-04 12:00'), agentId: ids.minh });
    await rebuildWorkspace(t.ctx.db, ws.workspaceId);
  });
  afterAll(() => t.close());

  it('lists every active agent side by side, those without data too, with the workspace row', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/metrics/leaderboard?from=2026-03-01&to=2026-03-07', headers: { cookie: ws.admin.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const board = LeaderboardSchema.parse(res.json());
    const row = (id: string) => board.agents.find((a) => a.id === id)!.measures;
    expect(row(ids.lan).volume).toMatchObject({ value: 2, n: 2 });
    expect(row(ids.lan).frt).toMatchObject({ value: 900, n: 2 }); // (600 + 1200) / 2
    expect(row(ids.lan).csat).toMatchObject({ value: 100, n: 2 });
    expect(row(ids.minh).frt).toMatchObject({ value: 3600, n: 1 });
    expect(row(ids.minh).csat).toMatchObject({ value: 0, n: 1 });
    expect(row(ids.quiet).csat).toMatchObject({ value: null, n: 0 });
    expect(board.agents.map((a) => a.name)).toEqual(expect.arrayContaining(['Lan', 'Minh', 'Yên', 'Quản Trị']));
    expect(board.workspace.csat).toMatchObject({ n: 3 });
  });

  it('is for supervisors and admins', async () => {
    const agent = await seedUser(t, ws.workspaceId, 'agent');
    const res = await t.app.inject({ method: 'GET', url: '/api/metrics/leaderboard?from=2026-03-01&to=2026-03-07', headers: { cookie: agent.cookie } });
    expect(res.statusCode).toBe(403);
  });
});
