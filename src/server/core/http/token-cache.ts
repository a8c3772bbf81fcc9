import type { AppContext } from '../context.js';
import { forgetOnEvent, TtlCache } from './ttl-cache.js';

/** What the auth hook needs of an API token (api_tokens row, not revoked). */
export interface CachedToken {
  id: string;
  workspaceId: string;
  name: string;
  /** When this process last knew last_used_at to be written (ms since epoch; 0 = unknown). */
  lastUsedAt: number;
}

/** Entries older than this are read again: the bound on a revocation whose bus message was lost. */
export const TOKEN_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;
/** The cluster bus topic telling other instances that a token was revoked. */
export const TOKEN_REVOKED_TOPIC = 'api-token.revoked';

/**
 * API tokens by hash, so an integration's every request (message ingest at hundreds a second) does not
 * read api_tokens. Only live tokens are kept (an unknown or revoked hash is read each time, so a flood
 * of wrong tokens cannot fill it). Revocation takes effect at once: the revoking instance drops the
 * token when its api_token.revoked event commits, other instances when the cluster bus tells them,
 * and every entry is read again after TOKEN_CACHE_TTL_MS in case that message was lost.
 */
export class TokenCache extends TtlCache<CachedToken> {
  constructor(ttlMs = TOKEN_CACHE_TTL_MS) {
    super(ttlMs, MAX_ENTRIES);
  }

  /** Drops a token (revoked) by its id. */
  forgetToken(tokenId: string): void {
    this.forgetWhere((t) => t.id === tokenId);
  }
}

/**
 * The process's token cache for this context, wired to invalidation: committed api_token.revoked
 * events drop the token here and are passed to the other instances over the cluster bus.
 */
export function tokenCacheFor(ctx: Pick<AppContext, 'db' | 'realtime'>): TokenCache {
  const known = caches.get(ctx.db);
  if (known) return known;
  const cache = new TokenCache();
  caches.set(ctx.db, cache);
  forgetOnEvent(ctx, 'api_token.revoked', TOKEN_REVOKED_TOPIC, (id) => cache.forgetToken(id));
  return cache;
}

const caches = new WeakMap<object, TokenCache>();
