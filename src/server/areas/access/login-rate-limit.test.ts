import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type TestApp } from '../../test/harness.js';

describe('login rate limiting', () => {
  let t: TestApp;
  let victim: { email: string; password: string };
  let bystander: { email: string; password: string };
  beforeAll(async () => {
    t = await createTestApp();
    const ws = await seedWorkspace(t);
    victim = await seedUser(t, ws.workspaceId, 'agent');
    bystander = await seedUser(t, ws.workspaceId, 'agent');
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: '203.0.113.7' });

  it('answers the 11th wrong password for one email within a minute with 429 request.rate_limited', { timeout: 120_000 }, async () => {
    for (let i = 1; i <= 10; i++) {
      const res = await login(victim.email, `wrong-password-${i}`);
      expect(res.statusCode, `attempt ${i}`).toBe(401);
      expect(res.json().error.id).toBe('auth.invalid_credentials');
    }
    const eleventh = await login(victim.email, 'wrong-password-11');
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json().error.id).toBe('request.rate_limited');
    // Even the right password waits: the guesser must not learn it was right.
    const right = await login(victim.email, victim.password);
    expect(right.statusCode).toBe(429);
    // The same email in another case is the same account, so the same counter.
    expect((await login(victim.email.toUpperCase(), victim.password)).statusCode).toBe(429);
  });

  it('counts per email: another account logging in from the same address is not locked out', async () => {
    const res = await login(bystander.email, bystander.password);
    expect(res.statusCode).toBe(200);
  });
});

describe('login rate limiting behind a spoofable X-Forwarded-For', () => {
  let t: TestApp;
  let victim: { email: string; password: string };
  beforeAll(async () => {
    // As deployed behind one reverse proxy: the app believes X-Forwarded-For, which a client can forge.
    process.env.TRUST_PROXY = 'true';
    t = await createTestApp();
    delete process.env.TRUST_PROXY;
    const ws = await seedWorkspace(t);
    victim = await seedUser(t, ws.workspaceId, 'agent');
  });
  afterAll(() => t.close());

  // 30 real argon2 verifications: slow on a loaded machine, hence the generous timeout.
  it('still stops guessing one account when every attempt claims a new client address', { timeout: 240_000 }, async () => {
    // seedUser already logged the victim in once, so 29 guesses fill the budget of 30 per 15 minutes.
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: victim.email, password: `guess-${i}` },
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 29).join(',')).toBe(Array(29).fill(401).join(','));
    expect(codes[29]).toBe(429);
  });
});
