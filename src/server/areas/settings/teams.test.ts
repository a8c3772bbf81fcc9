import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import type { EventData, EventType } from '../../core/events/types.js';
import type { Team } from '../../../shared/settings.js';

describe('teams', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let other: SeededWorkspace;
  let agent: Awaited<ReturnType<typeof seedUser>>;
  let supervisor: Awaited<ReturnType<typeof seedUser>>;
  const admin = () => ({ cookie: ws.admin.cookie });
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t);
    other = await seedWorkspace(t, 'Đối thủ');
    agent = await seedUser(t, ws.workspaceId, 'agent', 'Đỗ Thị Lan');
    supervisor = await seedUser(t, ws.workspaceId, 'supervisor', 'Bùi Văn Nam');
  });
  afterAll(() => t.close());

  const create = (name: string, headers = admin()) =>
    t.app.inject({ method: 'POST', url: '/api/teams', headers, payload: { name, description: 'Đổi trả, bảo hành' } });

  it('creates a team, sets its members, and lists them with availability', async () => {
    const res = await create('Bảo hành');
    expect(res.statusCode).toBe(201);
    const team = res.json<{ team: Team }>().team;
    expect(team).toMatchObject({ name: 'Bảo hành', description: 'Đổi trả, bảo hành', members: [] });

    const put = await t.app.inject({ method: 'PUT', url: `/api/teams/${team.id}/members`, headers: admin(), payload: { userIds: [agent.id, supervisor.id, agent.id] } });
    expect(put.statusCode).toBe(200);
    expect(put.json<{ team: Team }>().team.members.map((m) => m.name)).toEqual(['Bùi Văn Nam', 'Đỗ Thị Lan']);

    await t.ctx.db.query('UPDATE users SET available = false WHERE id = $1', [agent.id]);
    const list = await t.app.inject({ method: 'GET', url: '/api/teams', headers: { cookie: agent.cookie } });
    expect(list.statusCode).toBe(200);
    const listed = list.json<{ teams: Team[] }>().teams.find((x) => x.id === team.id);
    expect(listed!.members).toContainEqual({ id: agent.id, name: 'Đỗ Thị Lan', role: 'agent', available: false, active: true });

    const evs = await t.ctx.db.query<{ type: EventType; data: Record<string, unknown> }>(`SELECT type, data FROM events WHERE subject_id = $1 ORDER BY id`, [team.id]);
    expect(evs.map((e) => e.type)).toEqual(['team.created', 'team.members_changed']);
    expect((evs[1].data as EventData<'team.members_changed'>).added.sort()).toEqual([agent.id, supervisor.id].sort());
  });

  it('replacing members keeps the round-robin position of members who stay', async () => {
    const team = (await create('Giao hàng')).json().team;
    await t.app.inject({ method: 'PUT', url: `/api/teams/${team.id}/members`, headers: admin(), payload: { userIds: [agent.id, supervisor.id] } });
    await t.ctx.db.query(`UPDATE team_members SET last_assigned_at = '2026-01-02T03:04:05Z' WHERE team_id = $1 AND user_id = $2`, [team.id, agent.id]);
    const res = await t.app.inject({ method: 'PUT', url: `/api/teams/${team.id}/members`, headers: admin(), payload: { userIds: [agent.id] } });
    expect(res.json<{ team: Team }>().team.members.map((m) => m.id)).toEqual([agent.id]);
    const row = await t.ctx.db.one<{ last_assigned_at: Date }>('SELECT last_assigned_at FROM team_members WHERE team_id = $1 AND user_id = $2', [team.id, agent.id]);
    expect(new Date(row.last_assigned_at).toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('refuses members from another workspace with 400 and changes nothing', async () => {
    const team = (await create('Kỹ thuật')).json().team;
    await t.app.inject({ method: 'PUT', url: `/api/teams/${team.id}/members`, headers: admin(), payload: { userIds: [agent.id] } });
    const res = await t.app.inject({ method: 'PUT', url: `/api/teams/${team.id}/members`, headers: admin(), payload: { userIds: [supervisor.id, other.admin.id] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe('team.unknown_members');
    expect(res.json().error.details.userIds).toEqual([other.admin.id]);
    const rows = await t.ctx.db.query('SELECT user_id FROM team_members WHERE team_id = $1', [team.id]);
    expect(rows.map((r) => r.user_id)).toEqual([agent.id]);
  });

  it('keeps team names unique per workspace (409), but another workspace may reuse a name', async () => {
    await create('Kinh doanh');
    const dup = await create('kinh doanh');
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.id).toBe('team.name_taken');
    expect((await create('Kinh doanh', { cookie: other.admin.cookie })).statusCode).toBe(201);

    const mine = (await create('Chăm sóc')).json().team;
    const rename = await t.app.inject({ method: 'PATCH', url: `/api/teams/${mine.id}`, headers: admin(), payload: { name: 'Kinh doanh' } });
    expect(rename.statusCode).toBe(409);
  });

  it('renames and deletes a team; its tickets lose the team but stay', async () => {
    const team = (await create('Tạm thời')).json().team;
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/teams/${team.id}`, headers: admin(), payload: { name: 'Tạm', description: 'mô tả mới' } });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().team).toMatchObject({ name: 'Tạm', description: 'mô tả mới' });

    const customerId = crypto.randomUUID();
    const ticketId = crypto.randomUUID();
    await t.ctx.db.query(`INSERT INTO customers (id, workspace_id, name) VALUES ($1, $2, 'Khách')`, [customerId, ws.workspaceId]);
    await t.ctx.db.query(`INSERT INTO tickets (id, workspace_id, number, customer_id, channel, team_id) VALUES ($1, $2, 1, $3, 'manual', $4)`, [
      ticketId,
      ws.workspaceId,
      customerId,
      team.id,
    ]);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/teams/${team.id}`, headers: admin() });
    expect(del.statusCode).toBe(204);
    expect(await t.ctx.db.one('SELECT team_id FROM tickets WHERE id = $1', [ticketId])).toEqual({ team_id: null });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/teams/${team.id}`, headers: admin() })).statusCode).toBe(404);
    const types = (await t.ctx.db.query('SELECT type FROM events WHERE subject_id = $1 ORDER BY id', [team.id])).map((e) => e.type);
    expect(types).toEqual(['team.created', 'team.updated', 'team.deleted']);
  });

  it('lets supervisors manage teams but not agents; other workspaces see 404', async () => {
    expect((await create('Của giám sát', { cookie: supervisor.cookie })).statusCode).toBe(201);
    const res = await create('Của nhân viên', { cookie: agent.cookie });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.id).toBe('auth.forbidden');
    const theirs = (await create('Của họ', { cookie: other.admin.cookie })).json().team;
    for (const [method, url, payload] of [
      ['PATCH', `/api/teams/${theirs.id}`, { name: 'x' }],
      ['DELETE', `/api/teams/${theirs.id}`, undefined],
      ['PUT', `/api/teams/${theirs.id}/members`, { userIds: [] }],
    ] as const) {
      const r = await t.app.inject({ method, url, headers: admin(), payload });
      expect(r.statusCode, `${method} ${url}`).toBe(404);
    }
    expect(await t.ctx.db.one('SELECT name FROM teams WHERE id = $1', [theirs.id])).toEqual({ name: 'Của họ' });
  });
});
