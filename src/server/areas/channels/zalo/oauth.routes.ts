import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import type { Tx } from '../../../core/db/types.js';
import { openAccount, type ChannelAccountRow } from '../../../core/channels/accounts.js';
import { AppError, badRequest, notFound } from '../../../core/errors.js';
import { actorOf } from '../../../core/http/auth.js';
import { ErrorSchema } from '../../../../shared/common.js';
import { ZaloIdSchema } from './account.js';
import { requestZaloTokens, ZaloOAuthRefused } from './oauth-client.js';
import { storeTokenPair } from './tokens.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
/** How long the admin has on Zalo's permission page before the started connection expires. */
const PENDING_MINUTES = 15;
export const CALLBACK_PATH = '/api/hooks/zalo/oauth/callback';

function publicBase(ctx: AppContext, req: FastifyRequest): string {
  if (ctx.env.PUBLIC_URL) return ctx.env.PUBLIC_URL.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

/** PKCE (RFC 7636, S256), as Zalo's OAuth v4 requires: a random verifier and its SHA-256, both base64url. */
export function pkcePair() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

async function lockZaloAccount(ctx: AppContext, tx: Tx, where: { id: string; workspaceId?: string }) {
  const row = await tx.maybeOne<ChannelAccountRow>(
    `SELECT * FROM channel_accounts WHERE id = $1 AND kind = 'zalo' AND ($2::uuid IS NULL OR workspace_id = $2) FOR UPDATE`,
    [where.id, where.workspaceId ?? null],
  );
  return row && openAccount(ctx, row);
}

const settingsUrl = (ctx: AppContext, req: FastifyRequest, result: string) => `${publicBase(ctx, req)}/settings/channels?zalo=${encodeURIComponent(result)}`;

/**
 * Connecting an OA (Zalo OAuth v4 for Official Accounts, developers.zalo.me "Xác thực và ủy quyền"):
 * 1. POST …/oauth/start (admin): a PKCE verifier and a state bound to this account, sealed in the
 *    account's secrets; answers Zalo's permission URL
 *    {ZALO_OAUTH_BASE}/v4/oa/permission?app_id&redirect_uri&code_challenge&state.
 * 2. Zalo sends the admin's browser to GET /api/hooks/zalo/oauth/callback?code&oa_id&state (public:
 *    the single-use, unguessable state is its authentication; it expires after 15 minutes). The code
 *    is exchanged (code + code_verifier, header secret_key) and the pair stored; the browser returns
 *    to the channel settings with ?zalo=connected or ?zalo=<error>.
 * POST …/tokens: tokens pasted by a business that runs its own Zalo app.
 */
export const zaloOAuthRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/channels/zalo/accounts/:id/oauth/start',
    {
      config: { action: 'channels:manage' },
      schema: {
        tags: ['channels'],
        summary: 'Zalo OA: start connecting (OAuth v4 with PKCE); answers the permission page URL',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ url: z.string(), redirectUri: z.string() }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const redirectUri = `${publicBase(ctx, req)}${CALLBACK_PATH}`;
      const { verifier, challenge } = pkcePair();
      const state = `${req.params.id}.${crypto.randomBytes(24).toString('base64url')}`;
      const appId = await ctx.db.tx(async (tx) => {
        const a = await lockZaloAccount(ctx, tx, { id: req.params.id, workspaceId: actor.workspaceId });
        if (!a) throw notFound('Zalo account', 'channel_account.not_found');
        if (!a.secrets.appSecret) throw badRequest('zalo.app_secret_required', 'Enter the app secret (Zalo for Developers → your app → Settings) before connecting');
        const pendingOAuth = { state, verifier, expiresAt: new Date(Date.now() + PENDING_MINUTES * 60_000).toISOString() };
        await tx.query('UPDATE channel_accounts SET secrets = $2, updated_at = now() WHERE id = $1', [a.id, ctx.secrets.seal({ ...a.secrets, pendingOAuth })]);
        return String(a.config.appId);
      });
      const url = new URL(`${ctx.env.ZALO_OAUTH_BASE}/v4/oa/permission`);
      url.searchParams.set('app_id', appId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('code_challenge', challenge);
      url.searchParams.set('state', state);
      return { url: url.toString(), redirectUri };
    },
  );

  app.get(
    '/hooks/zalo/oauth/callback',
    {
      config: { public: true },
      schema: {
        tags: ['channels'],
        summary: 'Zalo OA: OAuth callback (code, oa_id, state); redirects to the channel settings',
        querystring: z.object({ code: z.string().max(2000).optional(), oa_id: z.string().max(40).optional(), state: z.string().max(300).optional(), error: z.string().max(200).optional() }),
      },
    },
    async (req, reply) => {
      const { code, state } = req.query;
      const oaId = ZaloIdSchema.safeParse(req.query.oa_id ?? '');
      const accountId = (state ?? '').split('.')[0] ?? '';
      if (!state || !z.uuid().safeParse(accountId).success) throw badRequest('zalo.oauth_state_invalid', 'The connection request is unknown or expired: start again from the settings');
      // The state is single use: taken (cleared) under the row lock before anything else happens.
      const pending = await ctx.db.tx(async (tx) => {
        const a = await lockZaloAccount(ctx, tx, { id: accountId });
        const p = a?.secrets.pendingOAuth as { state: string; verifier: string; expiresAt: string } | undefined;
        const same = p && p.state.length === state.length && crypto.timingSafeEqual(Buffer.from(p.state), Buffer.from(state));
        if (!a || !p || !same) return undefined;
        const secrets = { ...a.secrets };
        delete secrets.pendingOAuth;
        await tx.query('UPDATE channel_accounts SET secrets = $2 WHERE id = $1', [a.id, ctx.secrets.seal(secrets)]);
        if (new Date(p.expiresAt).getTime() < Date.now()) return undefined;
        return { account: a, verifier: p.verifier };
      });
      if (!pending) throw new AppError(403, 'zalo.oauth_state_invalid', 'The connection request is unknown or expired: start again from the settings');
      if (!code || !oaId.success) return reply.redirect(settingsUrl(ctx, req, req.query.error ? 'denied' : 'missing_code'));
      const a = pending.account;
      try {
        const pair = await requestZaloTokens(
          ctx,
          { appId: String(a.config.appId), appSecret: String(a.secrets.appSecret) },
          { grant_type: 'authorization_code', code, code_verifier: pending.verifier },
        );
        await storeTokenPair(ctx, a.id, pair, 'oauth', { oaId: oaId.data });
      } catch (err) {
        return reply.redirect(settingsUrl(ctx, req, err instanceof ZaloOAuthRefused ? 'refused' : 'unavailable'));
      }
      return reply.redirect(settingsUrl(ctx, req, 'connected'));
    },
  );

  app.post(
    '/channels/zalo/accounts/:id/tokens',
    {
      config: { action: 'channels:manage' },
      schema: {
        tags: ['channels'],
        summary: 'Zalo OA: paste an access token and refresh token (for a business that runs its own Zalo app)',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          accessToken: z.string().trim().min(10).max(4000),
          refreshToken: z.string().trim().min(10).max(4000).optional(),
          /** Seconds the access token has left, when known; unknown: it is renewed at first use (when a refresh token and the app secret are set). */
          expiresIn: z.number().int().positive().max(90_000).optional(),
          oaId: ZaloIdSchema.optional(),
        }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const b = req.body;
      const now = Date.now();
      await ctx.db.tx(async (tx) => {
        const a = await lockZaloAccount(ctx, tx, { id: req.params.id, workspaceId: actor.workspaceId });
        if (!a) throw notFound('Zalo account', 'channel_account.not_found');
        await storeTokenPair(
          ctx,
          a.id,
          {
            accessToken: b.accessToken,
            // Without a new refresh token, the stored one (if any) stays.
            refreshToken: b.refreshToken ?? String(a.secrets.refreshToken ?? ''),
            // Unknown expiry: "now", so the first use renews it when it can (tokens.ts).
            accessExpiresAt: new Date(now + (b.expiresIn ?? 0) * 1000),
            refreshExpiresAt: new Date(now + 90 * 86400_000),
          },
          'oauth',
          b.oaId ? { oaId: b.oaId } : {},
          tx,
        );
      });
      return { ok: true as const };
    },
  );
};
