import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';

describe('health and setup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /healthz with the database kind', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, database: process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded' });
  });

  it('offers setup once, then refuses a second setup', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: true });
    const body = { workspaceName: 'Cửa hàng Hoa Sen', name: 'Trần Thị Bích', email: 'bich@hoasen.vn', password: 'mat-khau-manh' };
    const first = await t.app.inject({ method: 'POST', url: '/api/setup', payload: body });
    expect(first.statusCode).toBe(201);
    const cookie = first.cookies.find((c) => c.name === 'tt_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `tt_session=${cookie!.value}` } });
    expect(me.json().user.email).toBe('bich@hoasen.vn');
    expect(me.json().workspace.name).toBe('Cửa hàng Hoa Sen');
    expect((await t.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: false });
    const again = await t.app.inject({ method: 'POST', url: '/api/setup', payload: { ...body, email: 'x@y.vn' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.id).toBe('setup.already_done');
  });

  it('rejects bad setup input with a readable validation error and writes nothing', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/setup', payload: { workspaceName: '', email: 'not-an-email' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe('validation.failed');
  });

  it('rejects wrong passwords with 401 auth.invalid_credentials', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'bich@hoasen.vn', password: 'sai-mat-khau' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.id).toBe('auth.invalid_credentials');
  });
});
