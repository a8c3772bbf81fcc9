import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { startFakeZalo, type FakeZalo } from '../../../test/fakes/zalo/server.js';
import { loadAccount } from '../../../core/channels/accounts.js';
import { TOKENS_STATE_KEY, zaloAccessToken } from './tokens.js';

let t: TestApp;
let fake: FakeZalo;
let s: SeededWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  fake = await startFakeZalo();
  Object.assign(t.ctx.env, fake.env);
  s = await seedWorkspace(t);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

async function createAccount(secrets: Record<string, unknown> = { appSecret: fake.state.core.appSecret, oaSecretKey: fake.state.core.oaSecretKey }) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/channel-accounts',
    headers: { cookie: s.admin.cookie },
    payload: { kind: 'zalo', name: 'Shop Điện Máy Zalo', config: { appId: fake.state.core.appId }, secrets },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; address: string };
}

const start = (id: string) => t.app.inject({ method: 'POST', url: `/api/channels/zalo/accounts/${id}/oauth/start`, headers: { cookie: s.admin.cookie } });

/** The admin grants access on Zalo's permission page (the fake's): where Zalo sends the browser back. */
async function grant(permissionUrl: string) {
  const res = await fetch(permissionUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

describe('zalo connect (OAuth v4 + PKCE)', () => {
  it('start → Zalo permission page → callback: the code is exchanged with the verifier and the pair stored', async () => {
    const { id } = await createAccount();
    const res = await start(id);
    expect(res.statusCode).toBe(200);
    const url = new URL(res.json().url);
    expect(url.origin + url.pathname).toBe(`${fake.url}/v4/oa/permission`);
    expect(url.searchParams.get('app_id')).toBe(fake.state.core.appId);
    expect(url.searchParams.get('redirect_uri')).toMatch(/\/api\/hooks\/zalo\/oauth\/callback$/);
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')!.startsWith(`${id}.`)).toBe(true);

    const back = await grant(url.toString());
    expect(back.searchParams.get('oa_id')).toBe(fake.state.core.oaId);
    const cb = await t.app.inject({ method: 'GET', url: `/api/hooks/zalo/oauth/callback${back.search}` });
    expect(cb.statusCode).toBe(302);
    expect(cb.headers.location).toMatch(/\/settings\/channels\?zalo=connected$/);

    const exchange = fake.state.calls.filter((c) => c.path === '/v4/oa/access_token').at(-1)!;
    expect(exchange.headers['secret_key']).toBe(fake.state.core.appSecret);
    expect(exchange.form.get('grant_type')).toBe('authorization_code');
    expect(exchange.form.get('code')).toBe(back.searchParams.get('code'));
    expect(exchange.form.get('code_verifier')).toBeTruthy();

    const a = (await loadAccount(t.ctx, s.workspaceId, id))!;
    expect(a.config.oaId).toBe(fake.state.core.oaId);
    expect(a.secrets.accessToken).toBeTruthy();
    expect(a.secrets.pendingOAuth).toBeUndefined();
    expect((a.state[TOKENS_STATE_KEY] as { accessExpiresAt: string }).accessExpiresAt).toBeTruthy();
    // The stored token is one Zalo accepts, used as is.
    expect(await zaloAccessToken(t.ctx, a)).toBe(a.secrets.accessToken);
    expect(fake.state.core.checkAccess({ headers: { access_token: a.secrets.accessToken } } as never)).toBeUndefined();

    // The state is single use: replaying the callback is refused.
    const again = await t.app.inject({ method: 'GET', url: `/api/hooks/zalo/oauth/callback${back.search}` });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.id).toBe('zalo.oauth_state_invalid');
  });

  it('a forged state, or a code issued for another PKCE challenge, connects nothing', async () => {
    const { id } = await createAccount();
    const url = new URL((await start(id)).json().url);
    const forged = await t.app.inject({ method: 'GET', url: `/api/hooks/zalo/oauth/callback?code=x&oa_id=${fake.state.core.oaId}&state=${id}.forged` });
    expect(forged.statusCode).toBe(403);
    // A code obtained with someone else's challenge: Zalo refuses our verifier for it.
    const code = fake.state.oauth.grant('a'.repeat(43));
    const cb = await t.app.inject({ method: 'GET', url: `/api/hooks/zalo/oauth/callback?code=${code}&oa_id=${fake.state.core.oaId}&state=${encodeURIComponent(url.searchParams.get('state')!)}` });
    expect(cb.statusCode).toBe(302);
    expect(cb.headers.location).toMatch(/zalo=refused$/);
    expect((await loadAccount(t.ctx, s.workspaceId, id))!.secrets.accessToken).toBeUndefined();
  });

  it('start needs the app secret; another workspace cannot start on this account', async () => {
    const { id } = await createAccount({ oaSecretKey: fake.state.core.oaSecretKey });
    const res = await start(id);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe('zalo.app_secret_required');
    const other = await seedWorkspace(t, 'Cửa hàng khác');
    const cross = await t.app.inject({ method: 'POST', url: `/api/channels/zalo/accounts/${id}/oauth/start`, headers: { cookie: other.admin.cookie } });
    expect(cross.statusCode).toBe(404);
  });

  it('pasted tokens: stored sealed, a reconnect_needed status cleared, and renewed at first use when the expiry is unknown', async () => {
    const { id } = await createAccount();
    await t.ctx.db.query(`UPDATE channel_accounts SET status = 'error', status_message = 'reconnect_needed: test' WHERE id = $1`, [id]);
    const pair = fake.state.oauth.mintPair();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/channels/zalo/accounts/${id}/tokens`,
      headers: { cookie: s.admin.cookie },
      payload: { accessToken: pair.access_token, refreshToken: pair.refresh_token, oaId: fake.state.core.oaId },
    });
    expect(res.statusCode).toBe(200);
    const a = (await loadAccount(t.ctx, s.workspaceId, id))!;
    expect(a.status).toBe('ok');
    expect(a.statusMessage).toBeNull();
    const token = await zaloAccessToken(t.ctx, a);
    expect(token).not.toBe(pair.access_token);
    expect(fake.state.oauth.refreshTokens.get(pair.refresh_token)!.used).toBe(true);
    // Nothing of the tokens leaves through the account API.
    const listed = await t.app.inject({ method: 'GET', url: `/api/channel-accounts/${id}`, headers: { cookie: s.admin.cookie } });
    expect(listed.body).not.toContain(token);
    expect(listed.body).not.toContain(pair.refresh_token);
  });

  it('an access token pasted alone is used as is, and the account stays editable', async () => {
    const { id } = await createAccount({ oaSecretKey: fake.state.core.oaSecretKey });
    const access = fake.state.core.issueAccessToken();
    const res = await t.app.inject({ method: 'POST', url: `/api/channels/zalo/accounts/${id}/tokens`, headers: { cookie: s.admin.cookie }, payload: { accessToken: access } });
    expect(res.statusCode).toBe(200);
    const a = (await loadAccount(t.ctx, s.workspaceId, id))!;
    expect(a.secrets.refreshToken).toBeUndefined();
    expect(await zaloAccessToken(t.ctx, a)).toBe(access);
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/channel-accounts/${id}`, headers: { cookie: s.admin.cookie }, payload: { name: 'Zalo OA mới' } });
    expect(patch.statusCode).toBe(200);
  });
});
