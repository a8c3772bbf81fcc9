import crypto from 'node:crypto';
import type { FakeZaloCore } from './core.js';
import type { FakeRouter } from './router.js';

/**
 * Zalo's OAuth v4 for Official Accounts as documented (developers.zalo.me, "Official Account API →
 * Xác thực và ủy quyền"): POST /v4/oa/access_token, form-urlencoded, header secret_key = the app
 * secret; grant_type=authorization_code with code + code_verifier (PKCE S256), or
 * grant_type=refresh_token with refresh_token. Success: {access_token, refresh_token, expires_in}
 * with expires_in a STRING of seconds ("90000" = 25 h). Failure: HTTP 200 with {error: <negative>,
 * error_name, error_reason, error_description}. Refresh tokens are single use.
 */
export function registerOAuthRoutes(router: FakeRouter, core: FakeZaloCore) {
  const state = {
    /** Codes handed out by permission(): code → its PKCE challenge and OA. */
    codes: new Map<string, { challenge: string; oaId: string; used: boolean }>(),
    /** Refresh tokens issued: used once, then refused (the single-use rule). */
    refreshTokens: new Map<string, { used: boolean }>(),
    /** How many token calls succeeded per grant type. */
    granted: { authorization_code: 0, refresh_token: 0 },
    /** Delay each token answer by this many ms (a slow Zalo, to widen races in tests). */
    delayMs: 0,
    /** Answer the next token calls with HTTP 503 (Zalo down). */
    unavailable: false,
  };

  const issuePair = () => {
    const refresh = `zr-${crypto.randomBytes(16).toString('hex')}`;
    state.refreshTokens.set(refresh, { used: false });
    return { access_token: core.issueAccessToken(), refresh_token: refresh, expires_in: '90000', refresh_token_expires_in: '7776000' };
  };
  const fail = (error: number, reason: string) => ({ json: { error, error_name: 'Invalid parameter', error_reason: reason, error_description: reason, ref_doc: 'https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new' } });

  /**
   * What the admin's browser would get after granting access on Zalo's permission page: a code for
   * this challenge, as the callback receives it (…?code=…&oa_id=…&state=…).
   */
  const grant = (codeChallenge: string, oaId = core.oaId) => {
    const code = `zc-${crypto.randomBytes(10).toString('hex')}`;
    state.codes.set(code, { challenge: codeChallenge, oaId, used: false });
    return code;
  };

  /** Refresh tokens minted here for a test that seeds an account as if connected earlier. */
  const mintPair = () => issuePair();

  // The permission page itself: a browser test may follow it; it "grants" at once and redirects back.
  router.on('GET', '/v4/oa/permission', (req) => {
    const appId = req.query.get('app_id');
    const redirect = req.query.get('redirect_uri');
    const challenge = req.query.get('code_challenge');
    if (appId !== core.appId || !redirect || !challenge) return { status: 400, body: 'bad permission request' };
    const code = grant(challenge);
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('oa_id', core.oaId);
    back.searchParams.set('state', req.query.get('state') ?? '');
    return { status: 302, headers: { location: back.toString() } };
  });

  router.on('POST', '/v4/oa/access_token', async (req) => {
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    if (state.unavailable) return { status: 503, body: 'Service Unavailable' };
    if (req.headers['secret_key'] !== core.appSecret) return fail(-14001, 'Invalid secret key');
    if (req.form.get('app_id') !== core.appId) return fail(-14003, 'Invalid app id');
    const grantType = req.form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = state.codes.get(req.form.get('code') ?? '');
      if (!code || code.used) return fail(-14019, 'Invalid authorization code');
      const verifier = req.form.get('code_verifier') ?? '';
      const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
      if (challenge !== code.challenge) return fail(-14014, 'Invalid code verifier');
      code.used = true;
      state.granted.authorization_code++;
      return { json: issuePair() };
    }
    if (grantType === 'refresh_token') {
      const r = state.refreshTokens.get(req.form.get('refresh_token') ?? '');
      if (!r || r.used) return fail(-14020, 'Invalid refresh token');
      r.used = true;
      state.granted.refresh_token++;
      return { json: issuePair() };
    }
    return fail(-14002, 'Invalid grant_type');
  });

  return Object.assign(state, { grant, mintPair });
}
