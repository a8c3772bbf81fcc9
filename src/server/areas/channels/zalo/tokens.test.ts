import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../../test/harness.js';
import { startFakeZalo, type FakeZalo } from '../../../test/fakes/zalo/server.js';
import { seedZaloAccount } from '../../../test/fakes/zalo/accounts.js';
import { loadAccount } from '../../../core/channels/accounts.js';
import { PermanentDeliveryError } from '../../../core/channels/delivery-failure.js';
import { TOKENS_STATE_KEY, tokenFp, zaloAccessToken } from './tokens.js';
import { refreshTokensJob } from './tokens-job.js';

let t: TestApp;
let fake: FakeZalo;
let ws: string;

beforeAll(async () => {
  t = await createTestApp();
  fake = await startFakeZalo();
  Object.assign(t.ctx.env, fake.env);
  ws = (await seedWorkspace(t)).workspaceId;
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const load = async (id: string) => (await loadAccount(t.ctx, ws, id))!;
const refreshCalls = () => fake.state.calls.filter((c) => c.path === '/v4/oa/access_token' && c.form.get('grant_type') === 'refresh_token').length;

describe('zalo token pair', () => {
  it('uses a fresh access token as is, without calling Zalo', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake);
    const before = refreshCalls();
    const a = await load(id);
    expect(await zaloAccessToken(t.ctx, a)).toBe(a.secrets.accessToken);
    expect(refreshCalls()).toBe(before);
  });

  it('refreshes a token near expiry with the documented request and stores the new pair sealed', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake, { accessTtlSeconds: 600 });
    const old = await load(id);
    const token = await zaloAccessToken(t.ctx, old);
    expect(token).not.toBe(old.secrets.accessToken);
    const call = fake.state.calls.filter((c) => c.path === '/v4/oa/access_token').at(-1)!;
    expect(call.headers['secret_key']).toBe(fake.state.core.appSecret);
    expect(call.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(call.form.get('app_id')).toBe(fake.state.core.appId);
    expect(call.form.get('refresh_token')).toBe(old.secrets.refreshToken);
    const now = await load(id);
    expect(now.secrets.accessToken).toBe(token);
    expect(now.secrets.refreshToken).not.toBe(old.secrets.refreshToken);
    const st = now.state[TOKENS_STATE_KEY] as { accessFp: string; accessExpiresAt: string; refreshing?: unknown };
    expect(st.accessFp).toBe(tokenFp(token));
    // expires_in "90000" (a string of seconds) → about 25 h from now.
    expect(new Date(st.accessExpiresAt).getTime() - Date.now()).toBeGreaterThan(24 * 3600_000);
    expect(st.refreshing).toBeUndefined();
    // The sealed row holds no token in clear.
    const raw = await t.ctx.db.one<{ secrets: string; state: unknown }>('SELECT secrets, state FROM channel_accounts WHERE id = $1', [id]);
    expect(raw.secrets).not.toContain(token);
    expect(JSON.stringify(raw.state)).not.toContain(token);
  });

  it('a refresh racing a send: two concurrent callers cause exactly one refresh and both get the new token', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake, { accessTtlSeconds: -60 });
    const a = await load(id);
    const before = refreshCalls();
    fake.state.oauth.delayMs = 150;
    try {
      const [x, y, z] = await Promise.all([
        zaloAccessToken(t.ctx, a),
        zaloAccessToken(t.ctx, a, { forceRefresh: true }),
        refreshTokensJob.handle(t.ctx, { accountId: id }, { id: 'j', retryCount: 0, lastAttempt: true }).then(() => 'job'),
      ]);
      expect(refreshCalls() - before).toBe(1);
      expect(x).toBe(y);
      expect(z).toBe('job');
      expect(x).not.toBe(a.secrets.accessToken);
      expect((await load(id)).secrets.accessToken).toBe(x);
    } finally {
      fake.state.oauth.delayMs = 0;
    }
  });

  it('a forced refresh after someone else already refreshed uses their token (no second spend)', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake);
    const stale = await load(id);
    const fresh = await zaloAccessToken(t.ctx, stale, { forceRefresh: true });
    const before = refreshCalls();
    // A second sender still holding the old account snapshot had its call refused with -216.
    expect(await zaloAccessToken(t.ctx, stale, { forceRefresh: true })).toBe(fresh);
    expect(refreshCalls()).toBe(before);
  });

  it('a refused refresh token puts the account in error "reconnect_needed" with an event, once', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake, { accessTtlSeconds: -60 });
    const a = await load(id);
    fake.state.oauth.refreshTokens.get(String(a.secrets.refreshToken))!.used = true; // revoked / expired at Zalo
    const err = await zaloAccessToken(t.ctx, a).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).code).toBe('reconnect_needed');
    const now = await load(id);
    expect(now.status).toBe('error');
    expect(now.statusMessage).toMatch(/^reconnect_needed: Zalo refused the refresh token/);
    await zaloAccessToken(t.ctx, a).catch(() => undefined);
    const events = await t.ctx.db.query('SELECT data FROM events WHERE type = $1 AND subject_id = $2', ['zalo.reconnect_needed', id]);
    expect(events).toHaveLength(1);
    // The sweep leaves it alone until an admin reconnects (no retry loop with a dead token).
    const before = refreshCalls();
    await refreshTokensJob.handle(t.ctx, {}, { id: 'j', retryCount: 0, lastAttempt: true });
    expect(refreshCalls()).toBe(before);
  });

  it('crash mid-refresh, after Zalo spent the token: the next try is loud (reconnect_needed, "interrupted")', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake, { accessTtlSeconds: -60 });
    const a = await load(id);
    // What a process that died between Zalo's answer and our COMMIT leaves: the marker it committed
    // before calling, and at Zalo a spent refresh token (the new pair existed only in the lost answer).
    const refreshFp = tokenFp(String(a.secrets.refreshToken));
    await t.ctx.db.query(`UPDATE channel_accounts SET state = jsonb_set(state, '{${TOKENS_STATE_KEY},refreshing}', $2::jsonb) WHERE id = $1`, [
      id,
      JSON.stringify({ refreshFp, startedAt: new Date(Date.now() - 120_000).toISOString(), by: 'dead-process:1' }),
    ]);
    fake.state.oauth.refreshTokens.get(String(a.secrets.refreshToken))!.used = true;
    const err = await zaloAccessToken(t.ctx, a).catch((e: unknown) => e);
    expect((err as PermanentDeliveryError).code).toBe('reconnect_needed');
    const now = await load(id);
    expect(now.status).toBe('error');
    expect(now.statusMessage).toContain('interrupted');
    const ev = await t.ctx.db.one<{ data: { reason: string } }>('SELECT data FROM events WHERE type = $1 AND subject_id = $2', ['zalo.reconnect_needed', id]);
    expect(ev.data.reason).toBe('refresh_interrupted');
  });

  it('storing the new pair fails after Zalo spent the old token: reconnect_needed at once, never a silent retry', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake, { accessTtlSeconds: -60 });
    const a = await load(id);
    // The database refuses to change this account's secrets (a real failure of the store, not a code path for tests).
    await t.ctx.db.exec(`
      CREATE OR REPLACE FUNCTION zalo_test_refuse_secrets() RETURNS trigger AS $$
      BEGIN IF NEW.secrets IS DISTINCT FROM OLD.secrets AND NEW.id = '${id}' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER zalo_test_refuse_secrets BEFORE UPDATE ON channel_accounts FOR EACH ROW EXECUTE FUNCTION zalo_test_refuse_secrets();`);
    try {
      const err = await zaloAccessToken(t.ctx, a).catch((e: unknown) => e);
      expect((err as { code?: string }).code).toBe('reconnect_needed');
    } finally {
      await t.ctx.db.exec('DROP TRIGGER zalo_test_refuse_secrets ON channel_accounts; DROP FUNCTION zalo_test_refuse_secrets();');
    }
    // Zalo did spend the old refresh token …
    expect(fake.state.oauth.refreshTokens.get(String(a.secrets.refreshToken))!.used).toBe(true);
    // … and the account says so loudly, with the old pair left untouched (the store never half-happened).
    const now = await load(id);
    expect(now.status).toBe('error');
    expect(now.statusMessage).toMatch(/^reconnect_needed: Zalo issued new tokens but they could not be stored/);
    expect(now.secrets.refreshToken).toBe(a.secrets.refreshToken);
    const ev = await t.ctx.db.one<{ data: { reason: string } }>('SELECT data FROM events WHERE type = $1 AND subject_id = $2', ['zalo.reconnect_needed', id]);
    expect(ev.data.reason).toBe('refresh_interrupted');
    // The sweep does not spend the dead token again.
    const before = refreshCalls();
    await refreshTokensJob.handle(t.ctx, {}, { id: 'j', retryCount: 0, lastAttempt: true });
    expect(refreshCalls()).toBe(before);
  });

  it('crash mid-refresh before Zalo saw the request: the old token still works and the marker is cleared', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake, { accessTtlSeconds: -60 });
    const a = await load(id);
    const refreshFp = tokenFp(String(a.secrets.refreshToken));
    await t.ctx.db.query(`UPDATE channel_accounts SET state = jsonb_set(state, '{${TOKENS_STATE_KEY},refreshing}', $2::jsonb) WHERE id = $1`, [
      id,
      JSON.stringify({ refreshFp, startedAt: new Date(Date.now() - 120_000).toISOString(), by: 'dead-process:2' }),
    ]);
    const token = await zaloAccessToken(t.ctx, a);
    const now = await load(id);
    expect(now.secrets.accessToken).toBe(token);
    expect(now.status).toBe('ok');
    expect((now.state[TOKENS_STATE_KEY] as { refreshing?: unknown }).refreshing).toBeUndefined();
  });

  it('another process holding a fresh lease: we wait for its pair instead of spending the token again', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake, { accessTtlSeconds: -60 });
    const a = await load(id);
    const refreshFp = tokenFp(String(a.secrets.refreshToken));
    await t.ctx.db.query(`UPDATE channel_accounts SET state = jsonb_set(state, '{${TOKENS_STATE_KEY},refreshing}', $2::jsonb) WHERE id = $1`, [
      id,
      JSON.stringify({ refreshFp, startedAt: new Date().toISOString(), by: 'other-process:1' }),
    ]);
    const before = refreshCalls();
    const waiting = zaloAccessToken(t.ctx, a);
    // The other process finishes its refresh: a new pair lands in the account.
    const pair = fake.state.oauth.mintPair();
    const { storeTokenPair } = await import('./tokens.js');
    await storeTokenPair(t.ctx, id, { accessToken: pair.access_token, refreshToken: pair.refresh_token, accessExpiresAt: new Date(Date.now() + 90_000_000), refreshExpiresAt: new Date(Date.now() + 86400_000) }, 'refresh');
    expect(await waiting).toBe(pair.access_token);
    expect(refreshCalls()).toBe(before);
  });

  it('Zalo unreachable: a temporary failure, the marker kept without a lease (the next try knows it is a second use)', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake, { accessTtlSeconds: -60 });
    const a = await load(id);
    fake.state.oauth.unavailable = true;
    try {
      const err = await zaloAccessToken(t.ctx, a).catch((e: unknown) => e);
      expect((err as Error).name).toBe('TemporaryDeliveryError');
    } finally {
      fake.state.oauth.unavailable = false;
    }
    const st = (await load(id)).state[TOKENS_STATE_KEY] as { refreshing?: { by: string | null } };
    expect(st.refreshing?.by).toBeNull();
    expect((await load(id)).status).toBe('ok');
    // Zalo back (it never saw the request): the retry succeeds and clears the marker.
    const token = await zaloAccessToken(t.ctx, a);
    expect((await load(id)).secrets.accessToken).toBe(token);
  });

  it('pasted tokens (unknown expiry) are renewed on first use so their expiry becomes known', async () => {
    const { id } = await seedZaloAccount(t.ctx, ws, fake);
    const pair = fake.state.oauth.mintPair();
    const a = await load(id);
    await t.ctx.db.query('UPDATE channel_accounts SET secrets = $2 WHERE id = $1', [id, t.ctx.secrets.seal({ ...a.secrets, accessToken: pair.access_token, refreshToken: pair.refresh_token })]);
    const token = await zaloAccessToken(t.ctx, await load(id));
    expect(token).not.toBe(pair.access_token);
    expect(fake.state.oauth.refreshTokens.get(pair.refresh_token)!.used).toBe(true);
  });
});
