import { afterEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { AppContext } from '../../core/context.js';
import { registerAuth } from '../../core/http/auth.js';
import { errorHandler } from '../../core/http/errors.js';
import type { Action } from '../../core/http/policies.js';
import { sha256 } from '../../core/lib/ids.js';

/*
 * The access rule of every route (DESIGN rule 1): a route is public or declares its action; the
 * startup refuses an /api route that is neither; the preHandler authorizes the declared action after
 * validation. A tiny app with the real hooks and a stub database that knows three sessions.
 */
const sessions: Record<string, { user_id: string; workspace_id: string; role: string; name: string }> = {
  [sha256('admin')]: { user_id: 'u-admin', workspace_id: 'w', role: 'admin', name: 'Quản Trị' },
  [sha256('agent')]: { user_id: 'u-agent', workspace_id: 'w', role: 'agent', name: 'Nhân Viên' },
};
// The token cache wires itself to committed events and the cluster bus: neither has anything to say here.
const ctx = {
  db: { maybeOne: async (_sql: string, params: unknown[]) => sessions[String(params[0])], onCommittedEvents: () => () => undefined },
  realtime: { cluster: { publish: () => undefined, subscribe: () => () => undefined } },
} as unknown as AppContext;

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function appWith(routes: (app: FastifyInstance) => void) {
  app = Fastify();
  app.setErrorHandler(errorHandler);
  await app.register(cookie);
  registerAuth(app, ctx);
  await app.register(async (scope) => routes(scope), { prefix: '/api' });
  await app.ready();
  return app;
}

describe('route access rule', () => {
  it('refuses at startup an /api route that is neither public nor declares an action', async () => {
    await expect(appWith((a) => a.get('/things', async () => ({ ok: true })))).rejects.toThrow(/GET \/api\/things is neither public nor declares an action/);
  });

  it('refuses an unknown action and a route that is both public and has an action', async () => {
    // The config is typed: a misspelt action does not even compile (tsc checks this directive).
    const misspelt = (a: FastifyInstance) =>
      // @ts-expect-error 'tickets:wirte' is not an Action
      a.post('/things', { config: { action: 'tickets:wirte' } }, async () => ({}));
    void misspelt;

    const typo = 'tickets:wirte' as Action;
    await expect(appWith((a) => a.post('/things', { config: { action: typo } }, async () => ({})))).rejects.toThrow(/unknown action 'tickets:wirte'/);
    await expect(appWith((a) => a.post('/things', { config: { public: true, action: 'tickets:write' } }, async () => ({})))).rejects.toThrow(/public and also declares/);
  });

  it('lets pages outside /api be public without saying so, but not a route that declares an action', async () => {
    app = Fastify();
    await app.register(cookie);
    registerAuth(app, ctx);
    app.get('/page', async () => 'page');
    app.get('/private-page', { config: { action: 'settings:read' } }, async () => 'private');
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/page' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/private-page' })).statusCode).toBe(401);
  });

  it('authenticates, validates, then authorizes the declared action before the handler runs', async () => {
    let ran = 0;
    const a = await appWith((s) =>
      s.post(
        '/users',
        { config: { action: 'users:manage' }, schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
        async () => {
          ran++;
          return { ok: true };
        },
      ),
    );
    const call = (cookieValue: string | undefined, payload: object) =>
      a.inject({ method: 'POST', url: '/api/users', headers: cookieValue ? { cookie: `tt_session=${cookieValue}` } : {}, payload });
    const anonymous = await call(undefined, { name: 'x' });
    expect([anonymous.statusCode, anonymous.json().error.id]).toEqual([401, 'auth.required']);
    // Validation comes before authorization: a bad body is 400 whoever sends it.
    expect((await call('agent', {})).statusCode).toBe(400);
    const agent = await call('agent', { name: 'x' });
    expect([agent.statusCode, agent.json().error.id]).toEqual([403, 'auth.forbidden']);
    expect(ran).toBe(0);
    expect((await call('admin', { name: 'x' })).statusCode).toBe(200);
    expect(ran).toBe(1);
  });
});
