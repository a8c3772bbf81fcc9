import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import type { EventType, StoredEventOf } from '../../core/events/types.js';
import type { User } from '../../../shared/access.js';

describe('users', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let other: SeededWorkspace;
  const asAdmin = () => ({ cookie: ws.admin.cookie });
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Cửa hàng Hoa Sen');
    other = await seedWorkspace(t, 'Nhà sách Phương Nam');
  });
  afterAll(() => t.close());

  const events = <K extends EventType>(type: K, subjectId: string) =>
    t.ctx.db.query<StoredEventOf<K>>('SELECT * FROM events WHERE workspace_id = $1 AND type = $2 AND subject_id = $3', [ws.workspaceId, type, subjectId]);

  it('creates a staff member who can then log in, and records user.created', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: asAdmin(),
      payload: { name: 'Lê Văn Tám', email: '  Tam.Le@HoaSen.vn ', password: 'mat-khau-tam', role: 'agent' },
    });
    expect(res.statusCode).toBe(201);
    const user = res.json().user;
    expect(user).toMatchObject({ name: 'Lê Văn Tám', email: 'tam.le@hoasen.vn', role: 'agent', active: true, workspaceId: ws.workspaceId });
    expect(res.body).not.toContain('password');
    expect(await loginCookie(t.app, 'tam.le@hoasen.vn', 'mat-khau-tam')).toMatch(/^tt_session=/);
    expect(await events('user.created', user.id)).toHaveLength(1);

    const list = await t.app.inject({ method: 'GET', url: '/api/users', headers: asAdmin() });
    expect(list.json<{ users: User[] }>().users.map((u) => u.email)).toContain('tam.le@hoasen.vn');
    expect(list.json<{ users: User[] }>().users.every((u) => u.workspaceId === ws.workspaceId)).toBe(true);
  });

  it('refuses an email already used anywhere in the install (409 user.email_taken), in any case', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: asAdmin(),
      payload: { name: 'Trùng', email: other.admin.email.toUpperCase(), password: 'mat-khau-123', role: 'agent' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.id).toBe('user.email_taken');
  });

  it('validates input: short password, unknown role', async () => {
    const short = await t.app.inject({ method: 'POST', url: '/api/users', headers: asAdmin(), payload: { name: 'A', email: 'a@b.vn', password: 'short', role: 'agent' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.id).toBe('validation.failed');
    const role = await t.app.inject({ method: 'POST', url: '/api/users', headers: asAdmin(), payload: { name: 'A', email: 'a@b.vn', password: 'long-enough', role: 'owner' } });
    expect(role.statusCode).toBe(400);
    expect(await t.ctx.db.maybeOne(`SELECT 1 FROM users WHERE email = 'a@b.vn'`)).toBeUndefined();
  });

  it('lets any staff list users but only admins create or edit them', async () => {
    const agent = await seedUser(t, ws.workspaceId, 'agent');
    const supervisor = await seedUser(t, ws.workspaceId, 'supervisor');
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: agent.cookie } })).statusCode).toBe(200);
    for (const who of [agent, supervisor]) {
      const create = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie: who.cookie },
        payload: { name: 'X', email: `x-${who.id}@b.vn`, password: 'long-enough', role: 'admin' },
      });
      expect(create.statusCode).toBe(403);
      expect(create.json().error.id).toBe('auth.forbidden');
      const promote = await t.app.inject({ method: 'PATCH', url: `/api/users/${who.id}`, headers: { cookie: who.cookie }, payload: { role: 'admin' } });
      expect(promote.statusCode).toBe(403);
    }
    expect((await t.ctx.db.one('SELECT role FROM users WHERE id = $1', [agent.id])).role).toBe('agent');
  });

  it('edits name and role; deactivating ends the user\'s sessions at once', async () => {
    const agent = await seedUser(t, ws.workspaceId, 'agent', 'Phạm Thị Hoa');
    const before = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: agent.cookie } });
    expect(before.statusCode).toBe(200);

    const edit = await t.app.inject({ method: 'PATCH', url: `/api/users/${agent.id}`, headers: asAdmin(), payload: { name: 'Phạm Thị Hoa (CSKH)', role: 'supervisor' } });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().user).toMatchObject({ name: 'Phạm Thị Hoa (CSKH)', role: 'supervisor', active: true });
    const [ev] = await events('user.updated', agent.id);
    expect(ev.data.changes.role).toEqual({ from: 'agent', to: 'supervisor' });

    const off = await t.app.inject({ method: 'PATCH', url: `/api/users/${agent.id}`, headers: asAdmin(), payload: { active: false } });
    expect(off.statusCode).toBe(200);
    expect(off.json().user.active).toBe(false);
    expect(await t.ctx.db.query('SELECT 1 FROM sessions WHERE user_id = $1', [agent.id])).toHaveLength(0);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: agent.cookie } });
    expect(after.statusCode).toBe(401);
    const relogin = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: agent.email, password: agent.password } });
    expect(relogin.statusCode).toBe(401);
  });

  it('an admin resetting a password ends the old sessions and the new password works', async () => {
    const agent = await seedUser(t, ws.workspaceId, 'agent');
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${agent.id}`, headers: asAdmin(), payload: { password: 'mat-khau-moi-9' } });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: agent.cookie } })).statusCode).toBe(401);
    expect(await loginCookie(t.app, agent.email, 'mat-khau-moi-9')).toMatch(/^tt_session=/);
    const [ev] = await events('user.updated', agent.id);
    expect(JSON.stringify(ev.data)).not.toContain('mat-khau-moi-9');
  });

  it('never lets the last active admin be demoted or deactivated (409 user.last_admin)', async () => {
    const solo = await seedWorkspace(t, 'Tiệm một mình');
    for (const payload of [{ role: 'agent' }, { active: false }]) {
      const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${solo.admin.id}`, headers: { cookie: solo.admin.cookie }, payload });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.id).toBe('user.last_admin');
    }
    // With a second admin the first may step down, and then the second is the last one.
    const second = await seedUser(t, solo.workspaceId, 'admin');
    const down = await t.app.inject({ method: 'PATCH', url: `/api/users/${solo.admin.id}`, headers: { cookie: second.cookie }, payload: { role: 'agent' } });
    expect(down.statusCode).toBe(200);
    const last = await t.app.inject({ method: 'PATCH', url: `/api/users/${second.id}`, headers: { cookie: second.cookie }, payload: { active: false } });
    expect(last.statusCode).toBe(409);
    // An inactive admin does not count as "another admin".
    await t.ctx.db.query(`INSERT INTO users (id, workspace_id, email, name, password_hash, role, active) VALUES (gen_random_uuid(), $1, $2, 'Cũ', 'x', 'admin', false)`, [
      solo.workspaceId,
      `old-${solo.workspaceId}@b.vn`,
    ]);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${second.id}`, headers: { cookie: second.cookie }, payload: { role: 'agent' } })).statusCode).toBe(409);
  });

  it('two admins demoting each other at the same moment still leave one admin', async () => {
    const duo = await seedWorkspace(t, 'Hai quản trị');
    const second = await seedUser(t, duo.workspaceId, 'admin');
    const [r1, r2] = await Promise.all([
      t.app.inject({ method: 'PATCH', url: `/api/users/${second.id}`, headers: { cookie: duo.admin.cookie }, payload: { role: 'agent' } }),
      t.app.inject({ method: 'PATCH', url: `/api/users/${duo.admin.id}`, headers: { cookie: second.cookie }, payload: { role: 'agent' } }),
    ]);
    // The loser is refused either by the last-admin guard (409) or, when the winner committed before the
    // loser's request was authenticated, because the loser is no longer an admin (403).
    const codes = [r1.statusCode, r2.statusCode].sort();
    expect(codes[0]).toBe(200);
    expect([403, 409]).toContain(codes[1]);
    const admins = await t.ctx.db.query(`SELECT id FROM users WHERE workspace_id = $1 AND role = 'admin' AND active`, [duo.workspaceId]);
    expect(admins).toHaveLength(1);
  });

  it('two admins adding the same email at once: one 201, one 409 (never a 500)', async () => {
    const email = `cung-luc-${Date.now()}@hoasen.vn`;
    const add = () =>
      t.app.inject({ method: 'POST', url: '/api/users', headers: asAdmin(), payload: { name: 'Cùng lúc', email, password: 'mat-khau-123', role: 'agent' } });
    const results = await Promise.all([add(), add(), add()]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.id === 'user.email_taken')).toBe(true);
  });

  it('answers 404 for a user of another workspace and leaves them untouched', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${other.admin.id}`, headers: asAdmin(), payload: { name: 'Hacked', active: false } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.id).toBe('user.not_found');
    expect(await t.ctx.db.one('SELECT name, active FROM users WHERE id = $1', [other.admin.id])).toEqual({ name: 'Quản Trị', active: true });
  });

  describe('PATCH /api/users/me', () => {
    it('changes my name, language and availability', async () => {
      const agent = await seedUser(t, ws.workspaceId, 'agent');
      const res = await t.app.inject({ method: 'PATCH', url: '/api/users/me', headers: { cookie: agent.cookie }, payload: { name: 'Vũ Minh', locale: 'en', available: false } });
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ id: agent.id, name: 'Vũ Minh', locale: 'en', available: false });
      expect(await t.ctx.db.one('SELECT available FROM users WHERE id = $1', [agent.id])).toEqual({ available: false });
      const [ev] = await events('user.updated', agent.id);
      expect(ev.data.changes.available).toEqual({ from: true, to: false });
    });

    it('cannot change my own role through /me', async () => {
      const agent = await seedUser(t, ws.workspaceId, 'agent');
      const res = await t.app.inject({ method: 'PATCH', url: '/api/users/me', headers: { cookie: agent.cookie }, payload: { role: 'admin', active: true } });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.role).toBe('agent');
    });

    it('changes my password only with the right current password, and ends my other sessions', async () => {
      const agent = await seedUser(t, ws.workspaceId, 'agent');
      const otherDevice = await loginCookie(t.app, agent.email, agent.password);
      const missing = await t.app.inject({ method: 'PATCH', url: '/api/users/me', headers: { cookie: agent.cookie }, payload: { newPassword: 'mat-khau-moi-1' } });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.id).toBe('user.current_password_required');
      const wrong = await t.app.inject({
        method: 'PATCH',
        url: '/api/users/me',
        headers: { cookie: agent.cookie },
        payload: { currentPassword: 'not-my-password', newPassword: 'mat-khau-moi-1', name: 'Không đổi' },
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.id).toBe('user.wrong_password');
      expect((await t.ctx.db.one('SELECT name FROM users WHERE id = $1', [agent.id])).name).not.toBe('Không đổi');

      const ok = await t.app.inject({
        method: 'PATCH',
        url: '/api/users/me',
        headers: { cookie: agent.cookie },
        payload: { currentPassword: agent.password, newPassword: 'mat-khau-moi-1' },
      });
      expect(ok.statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: agent.cookie } })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: otherDevice } })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: agent.email, password: agent.password } })).statusCode).toBe(401);
      expect(await loginCookie(t.app, agent.email, 'mat-khau-moi-1')).toMatch(/^tt_session=/);
    });

    it('refuses an invalid locale', async () => {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/users/me', headers: asAdmin(), payload: { locale: 'fr' } });
      expect(res.statusCode).toBe(400);
    });
  });
});
