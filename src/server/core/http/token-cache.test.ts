import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInProcessInstance } from '../../test/cluster/in-process.js';
import { until } from '../../test/cluster/instances.js';
import { createTestApp, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { TokenCache, tokenCacheFor } from './token-cache.js';

describe('API token lookup cache', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t);
  });
  afterAll(() => t.close());

  const me = (app: TestApp['app'], token: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('keeps live tokens only, drops them by id and after its time to live', () => {
    const cache = new TokenCache(1000);
    const token = { id: 'a', workspaceId: 'w', name: 'n', lastUsedAt: 0 };
    cache.set('h1', token, 0);
    cache.set('h2', { ...token, id: 'b' }, 0);
    expect(cache.get('h1', 999)).toBe(token);
    expect(cache.get('h1', 1001)).toBeUndefined();
    cache.forgetToken('b');
    expect(cache.get('h2', 10)).toBeUndefined();
  });

  it('a token used many times (so cached) is refused as soon as it is revoked', async () => {
    const token = await seedToken(t, ws.admin.cookie, 'Zalo connector');
    for (let i = 0; i < 3; i++) expect((await me(t.app, token)).statusCode).toBe(200);
    const id = (await me(t.app, token)).json().actor.id as string;
    const del = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie: ws.admin.cookie } });
    expect(del.statusCode).toBe(204);
    const after = await me(t.app, token);
    expect(after.statusCode).toBe(401);
    // Ingest with it is refused too (the route the cache exists for).
    const ingest = await t.app.inject({
      method: 'POST', url: '/api/inbound/messages', headers: { authorization: `Bearer ${token}` },
      payload: { channel: 'zalo', externalId: `revoked-${Date.now()}`, from: { kind: 'phone', value: '0912 345 111' }, body: 'alo' },
    });
    expect(ingest.statusCode).toBe(401);
  });

  it('postgres: a token revoked on one instance is refused by another that had it cached', async () => {
    if (t.ctx.db.kind !== 'postgres') return;
    const a = await openInProcessInstance(t.ctx.env, 'A');
    const b = await openInProcessInstance(t.ctx.env, 'B');
    try {
      const token = await seedToken(t, ws.admin.cookie, 'Messenger connector');
      for (let i = 0; i < 3; i++) expect((await me(b.app, token)).statusCode).toBe(200);
      const id = (await me(b.app, token)).json().actor.id as string;
      const del = await a.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie: ws.admin.cookie } });
      expect(del.statusCode).toBe(204);
      expect((await me(a.app, token)).statusCode).toBe(401);
      // B hears of it over LISTEN/NOTIFY and drops it: its cache empties without B being asked (expired
      // entries are only dropped when looked up, so this is the bus, not the time to live).
      const cacheB = tokenCacheFor(b.ctx);
      await until(async () => cacheB.size === 0);
      expect((await me(b.app, token)).statusCode).toBe(401);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
