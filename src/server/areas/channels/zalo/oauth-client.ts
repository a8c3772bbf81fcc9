import type { AppContext } from '../../../core/context.js';

/** A token pair as Zalo's OAuth v4 returns it, with expiries made absolute. */
export interface ZaloTokenPair {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
}

/** Zalo answered, and refused (an error code in the body): retrying the same request cannot help. */
export class ZaloOAuthRefused extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`Zalo refused the token request (${code}: ${reason})`);
    this.name = 'ZaloOAuthRefused';
  }
}

/** Zalo could not be reached or did not answer with JSON: the request may or may not have been seen. */
export class ZaloOAuthUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZaloOAuthUnavailable';
  }
}

/** Access tokens live 25 h (expires_in "90000"); used when Zalo omits it. */
const DEFAULT_ACCESS_SECONDS = 90_000;
/** Refresh tokens live about 3 months (documentation); used when Zalo omits refresh_token_expires_in. */
const DEFAULT_REFRESH_SECONDS = 90 * 24 * 3600;
const TIMEOUT_MS = 15_000;

/**
 * POST {ZALO_OAUTH_BASE}/v4/oa/access_token, as documented (developers.zalo.me, Official Account →
 * "Xác thực và ủy quyền cho ứng dụng"): form-urlencoded body with app_id and grant_type, the app
 * secret in the `secret_key` header (not in the body). Zalo answers HTTP 200 with either
 * {access_token, refresh_token, expires_in} — expires_in is a string of seconds — or {error: <negative>,
 * error_name, error_reason, error_description}.
 */
export async function requestZaloTokens(
  ctx: AppContext,
  app: { appId: string; appSecret: string },
  grant: { grant_type: 'authorization_code'; code: string; code_verifier: string } | { grant_type: 'refresh_token'; refresh_token: string },
): Promise<ZaloTokenPair> {
  const body = new URLSearchParams({ app_id: app.appId, ...grant });
  let res: Response;
  try {
    res = await fetch(`${ctx.env.ZALO_OAUTH_BASE}/v4/oa/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: app.appSecret },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new ZaloOAuthUnavailable(`Zalo OAuth could not be reached: ${(err as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
    // Documented: the tokens at the top level. Some clients in the wild read them under `data`: accept both.
    if (json.data && typeof json.data === 'object' && !json.access_token) json = { ...json, ...(json.data as Record<string, unknown>) };
  } catch {
    throw new ZaloOAuthUnavailable(`Zalo OAuth answered HTTP ${res.status} without JSON`);
  }
  const code = Number(json.error ?? 0);
  if (code !== 0 || typeof json.access_token !== 'string' || typeof json.refresh_token !== 'string') {
    if (res.status >= 500 && code === 0) throw new ZaloOAuthUnavailable(`Zalo OAuth answered HTTP ${res.status}`);
    throw new ZaloOAuthRefused(code || -1, String(json.error_reason ?? json.error_description ?? json.error_name ?? json.message ?? 'no token in the answer'));
  }
  const now = Date.now();
  const seconds = (v: unknown, fallback: number) => {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    accessToken: json.access_token,
    refreshToken: json.refresh_token,
    accessExpiresAt: new Date(now + seconds(json.expires_in, DEFAULT_ACCESS_SECONDS) * 1000),
    refreshExpiresAt: new Date(now + seconds(json.refresh_token_expires_in, DEFAULT_REFRESH_SECONDS) * 1000),
  };
}
