import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { unauthorized } from '../errors.js';
import { sha256 } from '../lib/ids.js';
import type { AuthedActor, Role } from './actor.js';

export const SESSION_COOKIE = 'tt_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: AuthedActor | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without credentials (login, setup, health). Everything else needs an actor. */
    public?: boolean;
  }
}

/** Resolves the session cookie or bearer token to an actor, then refuses non-public routes without one. */
export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    req.actor = await resolveActor(ctx, req);
    if (!req.routeOptions.config?.public && !req.actor && req.routeOptions.url) throw unauthorized();
  });
}

async function resolveActor(ctx: AppContext, req: FastifyRequest): Promise<AuthedActor | null> {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    const row = await ctx.db.maybeOne<{ id: string; workspace_id: string; name: string; last_used_at: Date | null }>(
      `SELECT id, workspace_id, name, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [sha256(token)],
    );
    // "Last used" to the minute is enough; writing it on every call would make the token's row a hot
    // lock that serialises every integration request (e.g. message ingest).
    if (row && (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000)) {
      await ctx.db.query(
        `UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [row.id],
      );
    }
    return row ? { kind: 'token', id: row.id, workspaceId: row.workspace_id, role: 'integration', name: row.name } : null;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie) return null;
  const row = await ctx.db.maybeOne<{ user_id: string; workspace_id: string; role: Role; name: string }>(
    `SELECT s.user_id, s.workspace_id, u.role, u.name FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id = $1 AND s.expires_at > now() AND u.active`,
    [sha256(cookie)],
  );
  return row ? { kind: 'user', id: row.user_id, workspaceId: row.workspace_id, role: row.role, name: row.name } : null;
}

/** The actor of a request on a non-public route (the onRequest hook already refused anonymous calls). */
export function actorOf(req: FastifyRequest): AuthedActor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}
