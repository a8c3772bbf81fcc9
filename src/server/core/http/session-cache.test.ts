import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInProcessInstance } from '../../test/cluster/in-process.js';
import { until } from '../../test/cluster/instances.js';
import { createTestApp, loginCookie, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { SessionCache, sessionCacheFor } from './session-cache.js';

const session = { userId: 'u1', workspaceId: 'w', role: 'agent' as const, name: 'Lan', expiresAt: 5_000 };

describe('login session cache', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t);
  });
  afterAll(() => t.close());

  const me = (app: TestApp['app'], cookie: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  const asAdmin = () => ({ cookie: ws.admin.cookie });

  it('keeps a session until it expires or its time to live runs out, and drops a user\'s sessions', () => {
    const cache = new SessionCache(1000);
    cache.set('h1', session, 0);
    cache.set('h2', { ...session, userId: 'u2' }, 0);
    expect(cache.get('h1', 999)).toEqual(session);
    expect(cache.get('h1', 1001)).toBeUndefined();
    cache.set('h1', session, 4_500);
    expect(cache.get('h1', 4_999)).toEqual(session);
    expect(cache.get('h1', 5_000), 'past expires_at').toBeUndefined();
    cache.forgetUser('u2');
    expect(cache.get('h2', 10)).toBeUndefined();
  });

  it('does not keep a row read before a logout or a user change that happened while it was read', () => {
    const cache = new SessionCache(1000);
    const since = cache.generation;
    cache.forgetUser('u1'); // the change lands while the read is on its way
    cache.set('h1', session, 0, since);
    expect(cache.get('h1', 1)).toBeUndefined();
    cache.set('h1', session, 0, cache.generation);
    expect(cache.get('h1', 1)).toEqual(session);
  });

  it('a cached session is refused as soon as it logs out, is deactivated or has its password reset; a new role or name applies at once', async () => {
    const a = await seedUser(t, ws.workspaceId, 'agent', 'Trần Thị Lan');
    for (let i = 0; i < 3; i++) expect((await me(t.app, a.cookie)).statusCode).toBe(200);
    expect(sessionCacheFor(t.ctx).size).toBeGreaterThan(0);

    // Logout.
    const second = await loginCookie(t.app, a.email, a.password);
    expect((await me(t.app, second)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: second } })).statusCode).toBe(204);
    expect((await me(t.app, second)).statusCode).toBe(401);
    expect((await me(t.app, a.cookie)).statusCode, 'the other session stays').toBe(200);

    // Promoted by an admin: the admin's routes open at once; renamed by themselves: the actor's name follows.
    const tokens = () => t.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie: a.cookie } });
    const before = (await tokens()).statusCode;
    const promote = await t.app.inject({ method: 'PATCH', url: `/api/users/${a.id}`, headers: asAdmin(), payload: { role: 'admin' } });
    expect(promote.statusCode).toBe(200);
    expect((await me(t.app, a.cookie)).json().actor.role).toBe('admin');
    expect([before, (await tokens()).statusCode]).toEqual([403, 200]);
    const rename = await t.app.inject({ method: 'PATCH', url: '/api/users/me', headers: { cookie: a.cookie }, payload: { name: 'Trần Lan' } });
    expect(rename.statusCode).toBe(200);
    expect((await me(t.app, a.cookie)).json().actor.name).toBe('Trần Lan');

    // Password reset by an admin ends the sessions; so does deactivation.
    const b = await seedUser(t, ws.workspaceId, 'agent');
    expect((await me(t.app, b.cookie)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${b.id}`, headers: asAdmin(), payload: { password: 'mat-khau-moi-456' } })).statusCode).toBe(200);
    expect((await me(t.app, b.cookie)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${a.id}`, headers: asAdmin(), payload: { active: false } })).statusCode).toBe(200);
    expect((await me(t.app, a.cookie)).statusCode).toBe(401);
  });

  it('postgres: a logout or a deactivation on one instance is refused at once by another that had the session cached', async () => {
    if (t.ctx.db.kind !== 'postgres') return;
    const a = await openInProcessInstance(t.ctx.env, 'A');
    const b = await openInProcessInstance(t.ctx.env, 'B');
    try {
      const lan = await seedUser(t, ws.workspaceId, 'agent');
      const other = await loginCookie(a.app, lan.email, lan.password);
      for (let i = 0; i < 3; i++) {
        expect((await me(b.app, lan.cookie)).statusCode).toBe(200);
        expect((await me(b.app, other)).statusCode).toBe(200);
      }
      const cacheB = sessionCacheFor(b.ctx);
      expect(cacheB.size).toBe(2);
      // Logout on A: B hears of it over LISTEN/NOTIFY and drops that session (not the time to live:
      // expired entries are only dropped when looked up, so the size falls by the bus alone).
      expect((await a.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: other } })).statusCode).toBe(204);
      await until(() => cacheB.size === 1);
      expect((await me(b.app, other)).statusCode).toBe(401);
      expect((await me(b.app, lan.cookie)).statusCode).toBe(200);
      // Deactivated on A: B drops the user's sessions.
      const off = await a.app.inject({ method: 'PATCH', url: `/api/users/${lan.id}`, headers: asAdmin(), payload: { active: false } });
      expect(off.statusCode).toBe(200);
      await until(() => cacheB.size === 0);
      expect((await me(b.app, lan.cookie)).statusCode).toBe(401);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
