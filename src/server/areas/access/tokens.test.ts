import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../core/lib/ids.js';
import { createTestApp, seedToken, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import type { ApiToken } from '../../../shared/access.js';

describe('API tokens', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const admin = () => ({ cookie: ws.admin.cookie });
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t);
  });
  afterAll(() => t.close());

  it('shows the token once, stores only its sha256 and a 10-character prefix', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: admin(), payload: { name: 'Website' } });
    expect(res.statusCode).toBe(201);
    const { token, apiToken } = res.json();
    expect(token).toMatch(/^tt_[A-Za-z0-9_-]{40,}$/);
    expect(apiToken).toMatchObject({ name: 'Website', prefix: token.slice(0, 10), lastUsedAt: null, revokedAt: null });
    const row = await t.ctx.db.one('SELECT * FROM api_tokens WHERE id = $1', [apiToken.id]);
    expect(row.token_hash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const list = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: admin() });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain(row.token_hash);
    expect(list.json<{ tokens: ApiToken[] }>().tokens.map((x) => x.id)).toContain(apiToken.id);
    const [ev] = await t.ctx.db.query(`SELECT data FROM events WHERE type = 'api_token.created' AND subject_id = $1`, [apiToken.id]);
    expect(JSON.stringify(ev.data)).not.toContain(token);
  });

  it('authenticates with the token, records last use, and stops at once when revoked', async () => {
    const token = await seedToken(t, ws.admin.cookie, 'Zalo connector');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().actor).toMatchObject({ kind: 'token', role: 'integration', name: 'Zalo connector' });
    const id = me.json().actor.id;
    const listed = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: admin() })).json<{ tokens: ApiToken[] }>().tokens.find((x) => x.id === id);
    expect(listed!.lastUsedAt).not.toBeNull();

    const del = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: admin() });
    expect(del.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.id).toBe('auth.required');
    const again = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: admin() });
    expect(again.statusCode).toBe(204);
    const types = (await t.ctx.db.query('SELECT type FROM events WHERE subject_id = $1 ORDER BY id', [id])).map((e) => e.type);
    expect(types).toEqual(['api_token.created', 'api_token.revoked']);
    const revoked = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: admin() })).json<{ tokens: ApiToken[] }>().tokens.find((x) => x.id === id);
    expect(revoked!.revokedAt).not.toBeNull();
  });

  it('is for admins only: supervisors, agents and tokens themselves get 403', async () => {
    const supervisor = await seedUser(t, ws.workspaceId, 'supervisor');
    const token = await seedToken(t, ws.admin.cookie);
    for (const headers of [{ cookie: supervisor.cookie }, { authorization: `Bearer ${token}` }]) {
      for (const [method, payload] of [['GET', undefined], ['POST', { name: 'x' }]] as const) {
        const res = await t.app.inject({ method, url: '/api/tokens', headers, payload });
        expect(res.statusCode).toBe(403);
        expect(res.json().error.id).toBe('auth.forbidden');
      }
    }
  });

  it('cannot revoke or see another workspace\'s token', async () => {
    const other = await seedWorkspace(t, 'Khác');
    const theirs = await seedToken(t, other.admin.cookie);
    const id = (await t.ctx.db.one('SELECT id FROM api_tokens WHERE token_hash = $1', [sha256(theirs)])).id;
    const res = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: admin() });
    expect(res.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${theirs}` } })).statusCode).toBe(200);
    const list = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: admin() })).json<{ tokens: ApiToken[] }>().tokens;
    expect(list.map((x) => x.id)).not.toContain(id);
  });

  it('rejects a token-looking string that was never issued', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer tt_not-a-real-token-at-all' } });
    expect(res.statusCode).toBe(401);
  });
});
