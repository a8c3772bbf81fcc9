import crypto from 'node:crypto';
import type { AppContext } from '../../../core/context.js';
import type { Tx } from '../../../core/db/types.js';
import { openAccount, type ChannelAccount, type ChannelAccountRow } from '../../../core/channels/accounts.js';
import { PermanentDeliveryError, TemporaryDeliveryError } from '../../../core/channels/delivery-failure.js';
import { appendEvent } from '../../../core/events/append.js';
import { requestZaloTokens, ZaloOAuthRefused, ZaloOAuthUnavailable, type ZaloTokenPair } from './oauth-client.js';
import type { ZaloDisconnectedData } from './events.js';
// zalo.* events, merged into the EventCatalog.
import './events.js';

/**
 * The OA's token pair. Zalo's access token lives ~25 h; its refresh token ~3 months and is SINGLE USE:
 * each refresh returns a new pair and kills the old refresh token. Losing the new pair (a crash after
 * Zalo answered, before we stored it) means the business must reconnect. So:
 *
 * 1. The pair lives in the account's sealed secrets; its bookkeeping (expiry, a fingerprint of the
 *    access token it belongs to, a refresh in flight) in the account's state under `zaloTokens`.
 * 2. A refresh first COMMITS a marker `refreshing: {refreshFp, startedAt, by}` under the row lock,
 *    then calls Zalo outside any transaction (no lock held across the network), then stores the new
 *    pair and clears the marker in one transaction under the row lock.
 * 3. In one process concurrent callers share one refresh (single flight); across processes the fresh
 *    marker is a lease: others wait for the pair to change instead of spending the token again.
 * 4. A marker left behind for the refresh token still stored means an earlier refresh never finished:
 *    Zalo may or may not have consumed that token. We try it once more (it is the only one we have);
 *    if Zalo refuses it, the account goes to status 'error' with "reconnect_needed" and a
 *    zalo.reconnect_needed event — loud, never a silent retry loop with a dead token.
 *
 * Trade-off (documented, not solvable on our side): the new pair exists only in Zalo's answer, so a
 * crash between that answer and our COMMIT loses it. We retry the store a few times and never log
 * the tokens; the window is one network answer + one UPDATE wide, and the outcome is always visible.
 */
export const TOKENS_STATE_KEY = 'zaloTokens';

/** Refresh when less than this is left of the access token (the scheduled job refreshes well before). */
export const REFRESH_MARGIN_MS = 60 * 60_000;
/** A refresh marker younger than this is someone's refresh in flight (a lease); older, an interrupted one. */
export const REFRESH_LEASE_MS = 45_000;

export interface ZaloTokenState {
  /** ISO expiry of the access token whose fingerprint is accessFp. */
  accessExpiresAt?: string;
  refreshExpiresAt?: string;
  accessFp?: string;
  refreshedAt?: string;
  refreshing?: { refreshFp: string; startedAt: string; by: string | null };
}

/** A short, non-reversible fingerprint: tells tokens apart without storing them in clear state. */
export const tokenFp = (token: string) => crypto.createHash('sha256').update(token).digest('hex').slice(0, 16);

const PROCESS_TAG = crypto.randomBytes(6).toString('hex');
const inflight = new Map<string, Promise<string>>();

function tokenState(account: Pick<ChannelAccount, 'state'>): ZaloTokenState {
  return (account.state?.[TOKENS_STATE_KEY] as ZaloTokenState | undefined) ?? {};
}

async function lockAccount(ctx: AppContext, tx: Tx, accountId: string) {
  const row = await tx.maybeOne<ChannelAccountRow>(`SELECT * FROM channel_accounts WHERE id = $1 AND kind = 'zalo' FOR UPDATE`, [accountId]);
  if (!row) throw new PermanentDeliveryError('no_account', 'The Zalo account no longer exists');
  return openAccount(ctx, row);
}

async function readAccount(ctx: AppContext, accountId: string) {
  const row = await ctx.db.maybeOne<ChannelAccountRow>(`SELECT * FROM channel_accounts WHERE id = $1 AND kind = 'zalo'`, [accountId]);
  if (!row) throw new PermanentDeliveryError('no_account', 'The Zalo account no longer exists');
  return openAccount(ctx, row);
}

async function writeTokenState(tx: Tx, accountId: string, st: ZaloTokenState) {
  await tx.query(`UPDATE channel_accounts SET state = state || jsonb_build_object($2::text, $3::jsonb), updated_at = now() WHERE id = $1`, [
    accountId,
    TOKENS_STATE_KEY,
    JSON.stringify(st),
  ]);
}

/** Whether the stored access token is one we know to be valid for a while yet. */
function freshEnough(account: ChannelAccount, now = Date.now()) {
  const token = account.secrets.accessToken as string | undefined;
  const st = tokenState(account);
  if (!token || st.accessFp !== tokenFp(token) || !st.accessExpiresAt) return false;
  return new Date(st.accessExpiresAt).getTime() - now > REFRESH_MARGIN_MS;
}

const canRefresh = (a: ChannelAccount) => !!a.secrets.refreshToken && !!a.secrets.appSecret && !!a.config.appId;

/**
 * The OA's access token for a call to Zalo, refreshed first when it is near expiry, unknown (pasted)
 * or `forceRefresh` (Zalo answered -216 "invalid access token" to it). A forced refresh is skipped
 * when the stored token already differs from the one in `account` (someone refreshed meanwhile).
 * Throws PermanentDeliveryError('reconnect_needed') when no usable token can be had.
 */
export async function zaloAccessToken(ctx: AppContext, account: ChannelAccount, opts: { forceRefresh?: boolean } = {}): Promise<string> {
  const current = await readAccount(ctx, account.id);
  const token = current.secrets.accessToken as string | undefined;
  const rejected = opts.forceRefresh ? ((account.secrets.accessToken as string | undefined) ?? token) : undefined;
  if (token && rejected && rejected !== token) return token;
  if (token && !opts.forceRefresh && freshEnough(current)) return token;
  if (!canRefresh(current)) {
    // Pasted access token only (no refresh token or app secret): use it until Zalo refuses it.
    if (token && !opts.forceRefresh) return token;
    await markReconnectNeeded(ctx, current.id, 'no_refresh_token', 'No refresh token and app secret to renew the access token with');
    throw new PermanentDeliveryError('reconnect_needed', 'The Zalo OA must be reconnected: its access token cannot be renewed');
  }
  return refreshZaloTokens(ctx, current.id, { rejectedAccessToken: rejected });
}

/**
 * Refreshes the pair once for this account in this process (concurrent callers share the result).
 * rejectedAccessToken: refresh only if this is still the stored token (else return the stored one).
 */
export function refreshZaloTokens(ctx: AppContext, accountId: string, opts: { rejectedAccessToken?: string } = {}): Promise<string> {
  const running = inflight.get(accountId);
  if (running) return running;
  const p = refreshOnce(ctx, accountId, opts).finally(() => inflight.delete(accountId));
  inflight.set(accountId, p);
  return p;
}

type Claim = { kind: 'token'; token: string } | { kind: 'wait' } | { kind: 'refresh'; account: ChannelAccount; refreshFp: string; interrupted: boolean; by: string };

async function refreshOnce(ctx: AppContext, accountId: string, opts: { rejectedAccessToken?: string }): Promise<string> {
  const deadline = Date.now() + REFRESH_LEASE_MS + 5_000;
  for (;;) {
    const claim = await ctx.db.tx(async (tx): Promise<Claim> => {
      const a = await lockAccount(ctx, tx, accountId);
      const token = a.secrets.accessToken as string | undefined;
      // Someone (another process, the admin pasting tokens) renewed it since we decided to refresh.
      if (token && opts.rejectedAccessToken && token !== opts.rejectedAccessToken) return { kind: 'token', token };
      if (token && !opts.rejectedAccessToken && freshEnough(a)) return { kind: 'token', token };
      if (!canRefresh(a)) return { kind: 'wait' };
      const refreshFp = tokenFp(a.secrets.refreshToken as string);
      const st = tokenState(a);
      const m = st.refreshing;
      const mine = m && m.refreshFp === refreshFp;
      if (mine && m.by && Date.now() - new Date(m.startedAt).getTime() < REFRESH_LEASE_MS) return { kind: 'wait' };
      const by = `${PROCESS_TAG}:${crypto.randomBytes(4).toString('hex')}`;
      await writeTokenState(tx, accountId, { ...st, refreshing: { refreshFp, startedAt: new Date().toISOString(), by } });
      return { kind: 'refresh', account: a, refreshFp, interrupted: !!mine, by };
    });
    if (claim.kind === 'token') return claim.token;
    if (claim.kind === 'refresh') return runRefresh(ctx, claim.account, claim.refreshFp, claim.interrupted);
    // Another process holds the lease (or the account cannot refresh): wait for the pair to change.
    const again = await readAccount(ctx, accountId);
    if (!canRefresh(again)) {
      await markReconnectNeeded(ctx, accountId, 'no_refresh_token', 'No refresh token and app secret to renew the access token with');
      throw new PermanentDeliveryError('reconnect_needed', 'The Zalo OA must be reconnected: its access token cannot be renewed');
    }
    if (Date.now() > deadline) throw new TemporaryDeliveryError('server_unavailable', 'Another refresh of the Zalo token did not finish in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function runRefresh(ctx: AppContext, account: ChannelAccount, refreshFp: string, interrupted: boolean): Promise<string> {
  let pair: ZaloTokenPair;
  try {
    pair = await requestZaloTokens(
      ctx,
      { appId: String(account.config.appId), appSecret: String(account.secrets.appSecret) },
      { grant_type: 'refresh_token', refresh_token: String(account.secrets.refreshToken) },
    );
  } catch (err) {
    if (err instanceof ZaloOAuthRefused) {
      const why = interrupted
        ? `An earlier refresh was interrupted before its new tokens were stored, and Zalo refused the old refresh token (${err.code}: ${err.reason})`
        : `Zalo refused the refresh token (${err.code}: ${err.reason})`;
      await markReconnectNeeded(ctx, account.id, interrupted ? 'refresh_interrupted' : 'refresh_rejected', why, refreshFp);
      throw new PermanentDeliveryError('reconnect_needed', why);
    }
    // Unreachable or no answer: Zalo may have consumed the token. The marker stays (so the next try
    // knows it is a second use) but the lease is released (by: null) so nobody waits on it.
    await ctx.db.tx(async (tx) => {
      const a = await lockAccount(ctx, tx, account.id);
      const st = tokenState(a);
      if (st.refreshing?.refreshFp === refreshFp) await writeTokenState(tx, account.id, { ...st, refreshing: { ...st.refreshing, by: null } });
    });
    const detail = err instanceof ZaloOAuthUnavailable ? err.message : String(err);
    throw new TemporaryDeliveryError('server_unavailable', detail, { cause: err });
  }
  // Zalo has spent the old refresh token: the new pair must be stored. A few tries against a
  // momentary database error; after that it is lost and the marker left behind makes it loud.
  let lastErr: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await storeTokenPair(ctx, account.id, pair, 'refresh');
      return pair.accessToken;
    } catch (err) {
      lastErr = err;
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
  // Zalo has spent the old refresh token and the new pair cannot be kept: it is lost. Say so at once
  // (this status write does not touch the secrets, so it may well succeed where the store failed);
  // if even that fails, the marker left behind makes the next try end the same way.
  console.error(`zalo: account ${account.id}: Zalo issued a new token pair but storing it failed; the OA must be reconnected`, lastErr);
  await markReconnectNeeded(ctx, account.id, 'refresh_interrupted', 'Zalo issued new tokens but they could not be stored (database error)', refreshFp).catch(() => undefined);
  throw new TemporaryDeliveryError('reconnect_needed', 'The renewed Zalo token could not be stored', { cause: lastErr });
}

/**
 * Stores a new pair (OAuth callback, refresh, pasted) with its expiries, clears any refresh marker and
 * an earlier 'reconnect_needed' status — one transaction under the row lock.
 */
export async function storeTokenPair(ctx: AppContext, accountId: string, pair: ZaloTokenPair, via: 'oauth' | 'refresh', extra: { oaId?: string } = {}, tx?: Tx) {
  const run = async (t: Tx) => {
    const a = await lockAccount(ctx, t, accountId);
    const secrets: Record<string, unknown> = { ...a.secrets, accessToken: pair.accessToken, refreshToken: pair.refreshToken };
    // An access token pasted alone: no refresh token rather than an empty one (the settings schema refuses "").
    if (!pair.refreshToken) delete secrets.refreshToken;
    const st: ZaloTokenState = {
      accessExpiresAt: pair.accessExpiresAt.toISOString(),
      refreshExpiresAt: pair.refreshExpiresAt.toISOString(),
      accessFp: tokenFp(pair.accessToken),
      refreshedAt: new Date().toISOString(),
    };
    const config = extra.oaId ? { ...a.config, oaId: extra.oaId } : a.config;
    await t.query(
      `UPDATE channel_accounts SET secrets = $2, config = $3, state = state || jsonb_build_object($4::text, $5::jsonb),
         status = CASE WHEN status = 'disabled' THEN status ELSE 'ok' END,
         status_message = CASE WHEN status = 'error' THEN NULL ELSE status_message END, updated_at = now()
       WHERE id = $1`,
      [accountId, ctx.secrets.seal(secrets), JSON.stringify(config), TOKENS_STATE_KEY, JSON.stringify(st)],
    );
    await appendEvent(t, {
      workspaceId: a.workspaceId,
      type: 'zalo.connected',
      subjectType: 'channel_account',
      subjectId: accountId,
      actor: { kind: 'system', workspaceId: a.workspaceId },
      data: { accountId, oaId: (config.oaId as string | undefined) ?? null, via },
    });
  };
  return tx ? run(tx) : ctx.db.tx(run);
}

/** The status text settings show for a lost pair; starts with the stable id the web app recognises. */
export const RECONNECT_NEEDED = 'reconnect_needed';

/**
 * The pair cannot be renewed: the account shows status 'error' with "reconnect_needed: …" and a
 * zalo.reconnect_needed event is appended (once per lost refresh token, not per failed send).
 */
export async function markReconnectNeeded(ctx: AppContext, accountId: string, reason: ZaloDisconnectedData['reason'], detail: string, refreshFp?: string) {
  await ctx.db.tx(async (tx) => {
    const a = await lockAccount(ctx, tx, accountId);
    const st = tokenState(a);
    const already = a.status === 'error' && (a.statusMessage ?? '').startsWith(RECONNECT_NEEDED);
    const next: ZaloTokenState = { ...st };
    if (!refreshFp || st.refreshing?.refreshFp === refreshFp) delete next.refreshing;
    await writeTokenState(tx, accountId, next);
    await tx.query(`UPDATE channel_accounts SET status = CASE WHEN status = 'disabled' THEN status ELSE 'error' END, status_message = $2 WHERE id = $1`, [
      accountId,
      `${RECONNECT_NEEDED}: ${detail}`,
    ]);
    if (!already) {
      await appendEvent(tx, {
        workspaceId: a.workspaceId,
        type: 'zalo.reconnect_needed',
        subjectType: 'channel_account',
        subjectId: accountId,
        actor: { kind: 'system', workspaceId: a.workspaceId },
        data: { accountId, reason, detail },
      });
    }
  });
}

/** Whether the scheduled job should refresh this account now (access token within `withinMs` of expiry or unknown). */
export function refreshDue(account: ChannelAccount, withinMs: number, now = Date.now()) {
  if (!canRefresh(account)) return false;
  if (account.status === 'error' && (account.statusMessage ?? '').startsWith(RECONNECT_NEEDED)) return false;
  const token = account.secrets.accessToken as string | undefined;
  const st = tokenState(account);
  if (!token || st.accessFp !== tokenFp(token) || !st.accessExpiresAt) return true;
  return new Date(st.accessExpiresAt).getTime() - now < withinMs;
}
