import crypto from 'node:crypto';
import type { AppContext } from '../../../core/context.js';
import { newId } from '../../../core/lib/ids.js';
import { tokenFp, TOKENS_STATE_KEY } from '../../../areas/channels/zalo/tokens.js';
import type { FakeZalo } from './server.js';

/**
 * A Zalo OA account as if connected earlier through the fake Zalo: its app, OA and secret key, and a
 * token pair the fake issued (the access token expiring in `accessTtlSeconds`, negative = expired).
 */
export async function seedZaloAccount(
  ctx: AppContext,
  workspaceId: string,
  fake: FakeZalo,
  opts: { accessTtlSeconds?: number; tokens?: boolean; name?: string } = {},
) {
  const core = fake.state.core;
  const id = newId();
  const address = crypto.randomBytes(12).toString('base64url');
  const secrets: Record<string, unknown> = { appSecret: core.appSecret, oaSecretKey: core.oaSecretKey };
  const state: Record<string, unknown> = {};
  if (opts.tokens !== false) {
    const pair = fake.state.oauth.mintPair();
    const ttl = opts.accessTtlSeconds ?? 90_000;
    if (ttl <= 0) core.accessTokens.set(pair.access_token, { expiresAt: Date.now() + ttl * 1000 });
    secrets.accessToken = pair.access_token;
    secrets.refreshToken = pair.refresh_token;
    state[TOKENS_STATE_KEY] = {
      accessFp: tokenFp(pair.access_token),
      accessExpiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
      refreshExpiresAt: new Date(Date.now() + 90 * 86400_000).toISOString(),
    };
  }
  await ctx.db.query(
    `INSERT INTO channel_accounts (id, workspace_id, kind, name, address, config, secrets, state, enabled)
     VALUES ($1, $2, 'zalo', $3, $4, $5, $6, $7, true)`,
    [id, workspaceId, opts.name ?? 'Zalo OA Test', address, JSON.stringify({ appId: core.appId, oaId: core.oaId }), ctx.secrets.seal(secrets), JSON.stringify(state)],
  );
  return { id, address };
}
