import type { AppContext } from '../context.js';
import type { Role } from './actor.js';
import { forgetOnBus, forgetOnEvent, TtlCache } from './ttl-cache.js';

/** What the auth hook needs of a login session (sessions row joined to its active user). */
export interface CachedSession {
  userId: string;
  workspaceId: string;
  role: Role;
  name: string;
  /** The session's expires_at, ms since epoch. */
  expiresAt: number;
}

/** Entries older than this are read again: the bound on a logout or user change whose bus message was lost. */
export const SESSION_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;
/** Cluster bus topics: a session ended (logout), a user changed (role, name, deactivated, password reset). */
export const SESSION_ENDED_TOPIC = 'session.ended';
export const SESSION_USER_CHANGED_TOPIC = 'session.user-changed';

/**
 * Login sessions by cookie hash, so an agent's every request (the inbox, the 360, the realtime
 * socket's reconnects) does not read sessions and users first: one statement of the inbox's three.
 * A logout takes effect at once on every instance (forgetSession drops it here and tells the others
 * over the cluster bus); a user's change (user.updated: deactivated, role, name, password reset,
 * which also deletes their sessions) drops their sessions when the event commits, here and, over the
 * bus, elsewhere; each entry is read again after SESSION_CACHE_TTL_MS in case a message was lost.
 */
export class SessionCache extends TtlCache<CachedSession> {
  constructor(ttlMs = SESSION_CACHE_TTL_MS) {
    super(ttlMs, MAX_ENTRIES);
  }

  override get(hash: string, now = Date.now()): CachedSession | undefined {
    const s = super.get(hash, now);
    return s && s.expiresAt > now ? s : undefined;
  }

  /** Drops every session of a user. */
  forgetUser(userId: string): void {
    this.forgetWhere((s) => s.userId === userId);
  }
}

/**
 * The process's session cache for this context, wired to invalidation: committed user.updated events
 * drop the user's sessions here and are passed to the other instances over the cluster bus.
 */
export function sessionCacheFor(ctx: Pick<AppContext, 'db' | 'realtime'>): SessionCache {
  const known = caches.get(ctx.db);
  if (known) return known;
  const cache = new SessionCache();
  caches.set(ctx.db, cache);
  forgetOnEvent(ctx, 'user.updated', SESSION_USER_CHANGED_TOPIC, (id) => cache.forgetUser(id));
  forgetOnBus(ctx, SESSION_ENDED_TOPIC, (hash) => cache.forget(hash));
  return cache;
}

/** After a session's row is deleted (logout): no instance may accept its cookie from its cache. */
export function forgetSession(ctx: Pick<AppContext, 'db' | 'realtime'>, sessionHash: string): void {
  sessionCacheFor(ctx).forget(sessionHash);
  ctx.realtime.cluster.publish(SESSION_ENDED_TOPIC, { id: sessionHash });
}

const caches = new WeakMap<object, SessionCache>();
