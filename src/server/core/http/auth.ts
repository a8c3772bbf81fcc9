import type { FastifyContextConfig, FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AppContext } from '../context.js';
import { forbidden, unauthorized } from '../errors.js';
import { sha256 } from '../lib/ids.js';
import type { AuthedActor, Role } from './actor.js';
import { needsOriginCheck, requireOwnOrigin } from './origin.js';
import { authorize, isAction, type Action } from './policies.js';
import { sessionCacheFor } from './session-cache.js';
import { tokenCacheFor } from './token-cache.js';

export const SESSION_COOKIE = 'tt_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: AuthedActor | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without credentials (login, setup, health, signed webhooks). Everything else needs an actor. */
    public?: boolean;
    /** What the route does ("<resource>:<verb>", core/http/policies.ts); checked before the handler runs. */
    action?: Action;
  }
}

/**
 * Access for every route, in one place: authenticate (onRequest: session cookie or bearer token →
 * actor; anonymous calls of non-public routes get 401; cookie writes that a form on another site could
 * send must come from our own pages, core/http/origin.ts) and authorize (preHandler, so after validation:
 * the route's declared action against the role matrix → 403). Register it before any route: its
 * onRoute check refuses, at startup, an /api route that is neither public nor declares an action.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null);
  // Created now, not at the first request, so that revocations and logouts are heard from the start.
  tokenCacheFor(ctx);
  sessionCacheFor(ctx);
  app.addHook('onRoute', checkRouteAccess);
  app.addHook('onRequest', async (req) => {
    req.actor = await resolveActor(ctx, req);
    if (!req.routeOptions.config?.public && !req.actor && req.routeOptions.url) throw unauthorized();
    // A form or body-less POST another site makes the agent's browser send with their cookie.
    if (!req.routeOptions.config?.public && needsOriginCheck(req, req.actor?.kind === 'user')) requireOwnOrigin(req, ctx.env.PUBLIC_URL);
  });
  app.addHook('preHandler', async (req) => {
    const { public: isPublic, action } = req.routeOptions.config ?? {};
    // No url: the not-found handler (it answers 404 by itself).
    if (isPublic || !req.routeOptions.url) return;
    // Fails closed for a route that escaped the startup check (registered before this hook).
    if (!action) throw forbidden();
    authorize(actorOf(req), action);
  });
}

/** Pages and files outside /api (web app, survey pages, widget bundle) and the API's manual need no login. */
const publicByPlace = (url: string) => !url.startsWith('/api/') || url === '/api/docs' || url.startsWith('/api/docs/');

/**
 * The startup rule (an onRoute hook): a route is public or declares a known action, never both, never
 * neither; routes outside /api and the OpenAPI docs are public unless they declare an action.
 */
export function checkRouteAccess(route: RouteOptions) {
  const config: FastifyContextConfig = route.config ?? {};
  const name = `${[route.method].flat().join(',')} ${route.url}`;
  if (config.action !== undefined && !isAction(config.action)) throw new Error(`Route ${name} declares an unknown action '${String(config.action)}' (see core/http/policies.ts)`);
  if (config.public && config.action) throw new Error(`Route ${name} is public and also declares action '${config.action}': a route is one or the other`);
  if (config.public || config.action) return;
  if (publicByPlace(route.url)) {
    route.config = { ...config, public: true };
    return;
  }
  throw new Error(`Route ${name} is neither public nor declares an action: add config: { action: '<resource>:<verb>' } (core/http/policies.ts), or config: { public: true } for a reviewed public route`);
}

async function resolveActor(ctx: AppContext, req: FastifyRequest): Promise<AuthedActor | null> {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const hash = sha256(header.slice(7).trim());
    const cache = tokenCacheFor(ctx);
    let token = cache.get(hash);
    if (!token) {
      const since = cache.generation;
      const row = await ctx.db.maybeOne<{ id: string; workspace_id: string; name: string; last_used_at: Date | null }>(
        `SELECT id, workspace_id, name, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
        [hash],
      );
      if (!row) return null;
      token = { id: row.id, workspaceId: row.workspace_id, name: row.name, lastUsedAt: row.last_used_at ? new Date(row.last_used_at).getTime() : 0 };
      cache.set(hash, token, Date.now(), since);
    }
    // "Last used" to the minute is enough; writing it on every call would make the token's row a hot
    // lock that serialises every integration request (e.g. message ingest).
    if (Date.now() - token.lastUsedAt > 60_000) {
      token.lastUsedAt = Date.now();
      await ctx.db.query(
        `UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [token.id],
      );
    }
    return { kind: 'token', id: token.id, workspaceId: token.workspaceId, role: 'integration', name: token.name };
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie) return null;
  const hash = sha256(cookie);
  const sessions = sessionCacheFor(ctx);
  let session = sessions.get(hash);
  if (!session) {
    const since = sessions.generation;
    const row = await ctx.db.maybeOne<{ user_id: string; workspace_id: string; role: Role; name: string; expires_at: Date }>(
      `SELECT s.user_id, s.workspace_id, u.role, u.name, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.expires_at > now() AND u.active`,
      [hash],
    );
    // Unknown or ended sessions are not kept, so a flood of wrong cookies cannot fill the cache.
    if (!row) return null;
    session = { userId: row.user_id, workspaceId: row.workspace_id, role: row.role, name: row.name, expiresAt: new Date(row.expires_at).getTime() };
    sessions.set(hash, session, Date.now(), since);
  }
  return { kind: 'user', id: session.userId, workspaceId: session.workspaceId, role: session.role, name: session.name };
}

/** The actor of a request on a non-public route (the onRequest hook already refused anonymous calls). */
export function actorOf(req: FastifyRequest): AuthedActor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}
