import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyServerOptions, InjectOptions, LightMyRequestResponse, RouteOptions } from 'fastify';
import { createTestApp, type TestApp } from '../harness.js';
import { isAction } from '../../core/http/policies.js';
import { newId, newSecret, sha256 } from '../../core/lib/ids.js';
import { rowsMentioning, seedWorldBySql, sessionCookie, workspaceChecksum, type World } from './walk-fixtures.js';
import { fillSchema, fillUrl, optionalIdKeys } from './request-filling.js';

/*
 * The security walk: every route the app registers — including routes other areas add later — is
 * called (a) without credentials, (b) by workspace A aimed at workspace B's objects, and (c) the
 * admin-only ones by an agent. Routes are collected with an onRoute hook added to every Fastify
 * instance the app creates, so nothing here lists routes by hand except the expected public ones.
 */
const captured = vi.hoisted(() => ({ routes: [] as { method: string; url: string; config?: { public?: boolean; action?: string } }[] }));
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const real = mod.default;
  const wrapped = Object.assign((opts?: FastifyServerOptions) => {
    const app = real(opts);
    // Added first, so it sees each route's config as the route declared it.
    app.addHook('onRoute', (r: RouteOptions) => {
      for (const method of [r.method].flat()) captured.routes.push({ method, url: r.url, config: r.config });
    });
    return app;
  }, real);
  return { ...mod, default: wrapped, fastify: wrapped };
});

type Method = InjectOptions['method'];
type Schema = Parameters<typeof fillSchema>[0];
/** The parts of an OpenAPI operation the walk reads. */
interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema } | undefined> };
}

/** Routes anyone may call without credentials. Adding one here is a security decision: review it. */
const PUBLIC_ROUTES: ((method: string, url: string) => boolean)[] = [
  (m, u) => u === '/healthz' && (m === 'GET' || m === 'HEAD'),
  (m, u) => u === '/api/setup' && ['GET', 'HEAD', 'POST'].includes(m),
  (m, u) => u === '/api/auth/login' && m === 'POST',
  (_m, u) => u === '/api/docs' || u.startsWith('/api/docs/'),
  // Channels' public entry points, each with its own auth: the chat widget's bundle and visitor API
  // (widget key + origin + visitor token), and signed webhooks (HMAC per account).
  (m, u) => (m === 'GET' || m === 'HEAD') && u === '/widget.js',
  (_m, u) => u.startsWith('/api/widget/'),
  (m, u) => m === 'POST' && u.startsWith('/api/hooks/'),
  // Facebook's webhook subscription check (answers hub.challenge only for the Page's verify token).
  (m, u) => (m === 'GET' || m === 'HEAD') && u === '/api/hooks/messenger/:key',
  // Zalo's OAuth v4 redirect back to us: the single-use state sealed on the account is the credential.
  (m, u) => (m === 'GET' || m === 'HEAD') && u === '/api/hooks/zalo/oauth/callback',
  // Survey links answered without logging in (the token in the link is the credential).
  (_m, u) => u === '/s/:token' || u.startsWith('/s/'),
  (_m, u) => u.startsWith('/api/public/surveys/'),
  // Order notices' unsubscribe page (the token in the email's link is the credential; GET only asks).
  (_m, u) => u === '/n/unsubscribe/:token',
  // The workspace's public help centre (published articles only; the workspace turned it on).
  (m, u) => (m === 'GET' || m === 'HEAD') && u.startsWith('/api/public/help/'),
  // The built web app (only registered when serving dist/web).
  (m, u) => (m === 'GET' || m === 'HEAD') && (u === '/' || u === '/*'),
];

/** Admin-only writes and the token screen, with bodies valid enough to pass validation. */
const adminOnly = (a: World) => [
  { method: 'POST', url: '/api/users', payload: { name: 'Lén', email: `len-${newId()}@example.vn`, password: 'mat-khau-123', role: 'admin' } },
  { method: 'PATCH', url: `/api/users/${a.id.agent2}`, payload: { role: 'admin' } },
  { method: 'PATCH', url: `/api/users/${a.id.agent2}`, payload: { active: false } },
  { method: 'GET', url: '/api/tokens' },
  { method: 'POST', url: '/api/tokens', payload: { name: 'lén' } },
  { method: 'DELETE', url: `/api/tokens/${a.id.spareToken}` },
  { method: 'PATCH', url: '/api/settings/workspace', payload: { name: 'Lén đổi tên' } },
  { method: 'PUT', url: '/api/settings/holidays', payload: { holidays: [] } },
  { method: 'PUT', url: '/api/sla-policies/normal', payload: { firstResponseMinutes: 1, resolutionMinutes: 2 } },
  { method: 'POST', url: '/api/channel-accounts', payload: { kind: 'webchat', name: 'Lén', config: {} } },
] as const;

const is2xx = (r: LightMyRequestResponse) => r.statusCode >= 200 && r.statusCode < 300;
const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('security walk over every registered route', () => {
  let t: TestApp;
  let A: World;
  let B: World;
  let routes: typeof captured.routes;
  let openapi: { paths?: Record<string, Record<string, Operation | undefined> | undefined> };
  let aToken: string;
  const revokedToken = `tt_${newSecret()}`;
  let expiredCookie: string;
  let inactiveCookie: string;

  beforeAll(async () => {
    t = await createTestApp();
    const seen = new Set<string>();
    routes = captured.routes.filter((r) => {
      const k = `${r.method} ${r.url}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    openapi = t.app.swagger() as typeof openapi;
    A = await seedWorldBySql(t.ctx.db, `Amark${newSecret(4).replace(/[^A-Za-z0-9]/g, '')}`);
    B = await seedWorldBySql(t.ctx.db, `Bmark${newSecret(4).replace(/[^A-Za-z0-9]/g, '')}`);
    aToken = A.token;
    await t.ctx.db.query(`INSERT INTO api_tokens (id, workspace_id, name, token_hash, prefix, revoked_at) VALUES ($1, $2, 'revoked', $3, 'tt_revoked', now())`, [
      newId(),
      A.id.workspace,
      sha256(revokedToken),
    ]);
    const expired = newSecret();
    await t.ctx.db.query(`INSERT INTO sessions (id, workspace_id, user_id, expires_at) VALUES ($1, $2, $3, now() - interval '1 minute')`, [sha256(expired), A.id.workspace, A.id.admin]);
    expiredCookie = `tt_session=${expired}`;
    const inactiveId = newId();
    await t.ctx.db.query(`INSERT INTO users (id, workspace_id, email, name, password_hash, role, active) VALUES ($1, $2, $3, 'Đã nghỉ', 'x', 'admin', false)`, [
      inactiveId,
      A.id.workspace,
      `gone-${inactiveId}@example.vn`,
    ]);
    inactiveCookie = await sessionCookie(t.ctx.db, A.id.workspace, inactiveId);
  });
  afterAll(() => t.close());

  const operation = (method: string, url: string) => openapi.paths?.[url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[method.toLowerCase()];
  const bodySchema = (method: string, url: string) => operation(method, url)?.requestBody?.content?.['application/json']?.schema;
  /** The route's documented query parameters, filled with the world's ids (ours win over the guesses). */
  const documentedQuery = (method: string, url: string, w: World, q: string) => {
    const params = new URLSearchParams(
      `q=${encodeURIComponent(q)}&workspaceId=${w.id.workspace}&customerId=${w.id.customer}&ticketId=${w.id.ticket}&teamId=${w.id.team}&assigneeId=${w.id.agent}&userId=${w.id.agent}`,
    );
    for (const p of operation(method, url)?.parameters ?? []) {
      // Only id filters (where another workspace's objects could slip in) and required parameters.
      if (p.in !== 'query' || p.name === 'q' || p.name === 'cursor' || !(p.required || /(Id|Ids)$/.test(p.name))) continue;
      const v = fillSchema(p.schema, w, p.name);
      params.delete(p.name);
      for (const item of [v].flat()) if (item !== undefined && typeof item !== 'object') params.append(p.name, String(item));
    }
    return params.toString();
  };

  it('finds the routes of every area (the collector works)', () => {
    const keys = routes.map((r) => `${r.method} ${r.url}`);
    for (const k of ['GET /healthz', 'POST /api/auth/login', 'GET /api/users', 'PUT /api/teams/:id/members', 'DELETE /api/tokens/:id', 'PUT /api/sla-policies/:priority']) {
      expect(keys).toContain(k);
    }
  });

  it('declares an action on every non-public /api route (the one preHandler authorizes it), and public only on listed routes', () => {
    const api = routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    const undeclared = api.filter((r) => !r.config?.public && !isAction(r.config?.action)).map((r) => `${r.method} ${r.url}`);
    expect(undeclared, '/api routes that are neither public nor declare a known action').toEqual([]);
    const unlisted = routes.filter((r) => r.config?.public && !PUBLIC_ROUTES.some((ok) => ok(r.method, r.url))).map((r) => `${r.method} ${r.url}`);
    expect(unlisted, 'routes declared public that are not on the public list').toEqual([]);
    expect(api.filter((r) => r.config?.action).length).toBeGreaterThan(50);
  });

  it('(a) refuses every non-public route without valid credentials (401 auth.required), and only the expected routes are public', { timeout: 300_000 }, async () => {
    const unexpectedPublic: string[] = [];
    const wrong: string[] = [];
    const badCredentials: Record<string, string>[] = [
      {},
      { authorization: 'Bearer tt_garbage' },
      { authorization: `Bearer ${revokedToken}` },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { cookie: expiredCookie },
      { cookie: inactiveCookie },
      { cookie: 'tt_session=forged' },
    ];
    for (const r of routes) {
      const url = fillUrl(r.url, B);
      const anonymous = await t.app.inject({ method: r.method as Method, url, payload: bodyMethods.has(r.method) ? {} : undefined });
      const isPublic = anonymous.statusCode !== 401;
      if (isPublic) {
        if (!PUBLIC_ROUTES.some((ok) => ok(r.method, r.url))) unexpectedPublic.push(`${r.method} ${r.url} → ${anonymous.statusCode}`);
        continue;
      }
      for (const headers of badCredentials) {
        const res = await t.app.inject({ method: r.method as Method, url, headers, payload: bodyMethods.has(r.method) ? {} : undefined });
        const id = r.method === 'HEAD' ? 'auth.required' : res.json()?.error?.id;
        if (res.statusCode !== 401 || id !== 'auth.required') wrong.push(`${r.method} ${r.url} with ${JSON.stringify(headers)} → ${res.statusCode} ${id}`);
      }
    }
    expect(unexpectedPublic, 'routes reachable without credentials that are not on the public list').toEqual([]);
    expect(wrong).toEqual([]);
  });

  it('(b) never lets workspace A read or change workspace B, whatever the route', { timeout: 600_000 }, async () => {
    const bCookie = await sessionCookie(t.ctx.db, B.id.workspace, B.id.admin);
    const before = await workspaceChecksum(t.ctx.db, B.id.workspace);
    const leaks: string[] = [];
    const changes: string[] = [];
    const secretsOf = (w: World) => [...Object.values(w.id), w.phone, w.email, w.mark, w.token];
    const asAdmin = async () => ({ cookie: await sessionCookie(t.ctx.db, A.id.workspace, A.id.admin) });
    const asToken = async () => ({ authorization: `Bearer ${aToken}` });
    const asAgent = async () => ({ cookie: await sessionCookie(t.ctx.db, A.id.workspace, A.id.agent) });
    let calls = 0;
    const statuses: Record<number, number> = {};
    const control: string[] = [];

    for (const r of routes) {
      if (r.method === 'HEAD') continue;
      const schema = bodyMethods.has(r.method) ? bodySchema(r.method, r.url) : undefined;
      const variants: { label: string; url: string; payload?: unknown }[] = [
        // B's objects in the path, B's ids in the body.
        { label: 'B path', url: fillUrl(r.url, B), payload: fillSchema(schema, B) },
        // A's own objects in the path, pointing at B's objects through the body and query.
        { label: 'A path + B refs', url: `${fillUrl(r.url, A)}?${documentedQuery(r.method, r.url, B, 'nguyen')}`, payload: fillSchema(schema, B) },
        // Search-like routes: B's phone number in local form, B objects in the path, empty body.
        { label: 'B phone', url: `${fillUrl(r.url, B)}?${documentedQuery(r.method, r.url, B, B.phone.replace('+84', '0'))}`, payload: {} },
        // One B reference at a time, so the first refused field does not shield the others.
        ...optionalIdKeys(schema).map((k) => ({ label: `A path + B ${k}`, url: fillUrl(r.url, A), payload: fillSchema(schema, B, '', k) })),
      ];
      for (const v of variants) {
        for (const actor of [asAdmin, asAgent, asToken]) {
          // Undocumented ways to name a workspace must be ignored (mass assignment, header spoofing).
          const opts: InjectOptions = { method: r.method as Method, url: v.url, headers: { ...(await actor()), 'x-workspace-id': B.id.workspace } };
          if (bodyMethods.has(r.method)) {
            const p = v.payload;
            opts.payload = (p && typeof p === 'object' && !Array.isArray(p) ? { workspaceId: B.id.workspace, ...p } : p) as InjectOptions['payload'];
          }
          const res = await t.app.inject(opts);
          calls++;
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (process.env.WALK_VERBOSE) console.log(r.method, v.url.slice(0, 90), actor.name, res.statusCode, res.body.slice(0, 100));
          if (!is2xx(res)) continue;
          const found = secretsOf(B).filter((s) => res.body.includes(s));
          if (found.length > 0) leaks.push(`${r.method} ${r.url} [${v.label}, ${actor.name}] → ${res.statusCode} shows B's ${found.join(', ')}`);
        }
      }
      const now = await workspaceChecksum(t.ctx.db, B.id.workspace);
      const changed = Object.keys(before).filter((k) => before[k] !== now[k]);
      if (changed.length > 0) {
        changes.push(`${r.method} ${r.url} changed B's ${changed.join(', ')}`);
        Object.assign(before, now);
      }
      // Positive control: B's own admin reading the same B path does see B's data, so the ids we
      // fill in are real B objects and the leak check above would fire if A got the same answer.
      if (r.method === 'GET') {
        const own = await t.app.inject({ method: 'GET', url: fillUrl(r.url, B), headers: { cookie: bCookie } });
        if (is2xx(own) && secretsOf(B).some((x) => own.body.includes(x))) control.push(`${r.method} ${r.url}`);
      }
      // B's own reads may legitimately touch B (e.g. last-seen markers); only A's calls are judged.
      if (r.method === 'GET') Object.assign(before, await workspaceChecksum(t.ctx.db, B.id.workspace));
    }
    expect(calls).toBeGreaterThan(routes.length);
    if (process.env.WALK_VERBOSE) console.log('walk statuses', statuses, 'B sees its own data on', control);
    expect(control).toEqual(expect.arrayContaining(['GET /api/users', 'GET /api/teams', 'GET /api/settings/holidays']));
    // leaks: responses that carried B's data to A; changes: routes that changed B's rows when A called them.
    expect({ leaks, changes }).toEqual({ leaks: [], changes: [] });
    // Nothing of A may now point at B's objects (e.g. an A ticket assigned to a B agent).
    const ids = Object.values(B.id);
    expect(await rowsMentioning(t.ctx.db, A.id.workspace, ids)).toEqual([]);
  });

  it('(c) answers 403 auth.forbidden when an agent, supervisor or API token calls admin-only routes, and changes nothing', async () => {
    const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
    // (b) may have revoked A's spare token (A's admin may); aim at a fresh, live one.
    A.id.spareToken = newId();
    await t.ctx.db.query(`INSERT INTO api_tokens (id, workspace_id, name, token_hash, prefix) VALUES ($1, $2, 'spare 2', $3, 'tt_spare2')`, [
      A.id.spareToken,
      A.id.workspace,
      sha256(newSecret()),
    ]);
    const wrong: string[] = [];
    const actors = {
      agent: async () => ({ cookie: await sessionCookie(t.ctx.db, A.id.workspace, A.id.agent) }),
      supervisor: async () => ({ cookie: await sessionCookie(t.ctx.db, A.id.workspace, A.id.supervisor) }),
      token: async () => ({ authorization: `Bearer ${aToken}` }),
    };
    const snapshot = await workspaceChecksum(t.ctx.db, A.id.workspace);
    const team = { id: newId() };
    await t.ctx.db.query(`INSERT INTO teams (id, workspace_id, name) VALUES ($1, $2, 'Đội còn lại')`, [team.id, A.id.workspace]);
    Object.assign(snapshot, await workspaceChecksum(t.ctx.db, A.id.workspace));
    for (const call of adminOnly(A)) {
      const template = call.url.replace(/\/[0-9a-f-]{36}$/, '/:id').replace(/\/normal$/, '/:priority');
      expect(registered.has(`${call.method} ${template}`), `${call.method} ${template} is registered`).toBe(true);
      for (const [who, headers] of Object.entries(actors)) {
        const res = await t.app.inject({ method: call.method, url: call.url, headers: await headers(), payload: 'payload' in call ? call.payload : undefined });
        if (res.statusCode !== 403 || res.json().error?.id !== 'auth.forbidden') wrong.push(`${who}: ${call.method} ${call.url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    // Team management is for admins and supervisors: agents and tokens are refused.
    for (const call of [
      { method: 'POST', url: '/api/teams', payload: { name: 'Lén lập đội' } },
      { method: 'PATCH', url: `/api/teams/${team.id}`, payload: { name: 'Lén đổi' } },
      { method: 'PUT', url: `/api/teams/${team.id}/members`, payload: { userIds: [A.id.agent] } },
      { method: 'DELETE', url: `/api/teams/${team.id}` },
    ] as const) {
      for (const who of ['agent', 'token'] as const) {
        const res = await t.app.inject({ method: call.method, url: call.url, headers: await actors[who](), payload: 'payload' in call ? call.payload : undefined });
        if (res.statusCode !== 403) wrong.push(`${who}: ${call.method} ${call.url} → ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    const after = await workspaceChecksum(t.ctx.db, A.id.workspace);
    // Sessions we opened for the callers and tokens' last_used_at may differ; nothing else.
    const changed = Object.keys(snapshot).filter((k) => after[k] !== snapshot[k] && k !== 'sessions' && k !== 'api_tokens');
    expect(changed).toEqual([]);
    const tokens = await t.ctx.db.query('SELECT id, name, revoked_at FROM api_tokens WHERE workspace_id = $1 ORDER BY id', [A.id.workspace]);
    expect(tokens.find((x) => x.id === A.id.spareToken)?.revoked_at).toBeNull();
    expect(tokens.map((x) => x.name)).not.toContain('lén');

    // The same calls by the admin are allowed (the list is not just routes that always refuse).
    const admin = await sessionCookie(t.ctx.db, A.id.workspace, A.id.admin);
    const ok = await t.app.inject({ method: 'PUT', url: '/api/sla-policies/normal', headers: { cookie: admin }, payload: { firstResponseMinutes: 1, resolutionMinutes: 2 } });
    expect(ok.statusCode).toBe(200);
  });
});
