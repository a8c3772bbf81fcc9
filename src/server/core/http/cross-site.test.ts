import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket } from '../../test/ws-client.js';
import { createTestApp, seedToken, seedWorkspace, type TestApp } from '../../test/harness.js';

const CSV = 'name,phone\nNguyễn Văn An,0912000001\n';
const EVIL = 'https://cuahang-gia.example';
const PUBLIC_URL = 'https://hotro.cuahang.vn';

describe('requests another website makes a logged-in agent’s browser send', () => {
  let t: TestApp;
  let cookie: string;
  let token: string;
  let base: string;
  beforeAll(async () => {
    process.env.PUBLIC_URL = PUBLIC_URL;
    try {
      t = await createTestApp();
    } finally {
      delete process.env.PUBLIC_URL;
    }
    const ws = await seedWorkspace(t);
    cookie = ws.admin.cookie;
    token = await seedToken(t, cookie);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  const importCsv = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/customers/import', headers: { cookie, ...headers }, payload: CSV });

  it('customer import takes only CSV: text/plain (what a form can send) gets 415', async () => {
    const plain = await importCsv({ 'content-type': 'text/plain' });
    expect(plain.statusCode).toBe(415);
    expect(plain.json().error.id).toBe('customers.import_not_csv');
    const form = await importCsv({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
    expect((await importCsv({ 'content-type': 'text/csv; charset=utf-8' })).statusCode).toBe(200);
  });

  it('refuses a cookie write with a non-JSON body from another site (Origin or, without it, Referer)', async () => {
    const fromEvil = await importCsv({ 'content-type': 'text/csv', origin: EVIL });
    expect(fromEvil.statusCode).toBe(403);
    expect(fromEvil.json().error).toEqual({ id: 'request.cross_site', message: `This request came from another website. Open the app at ${PUBLIC_URL} and try again` });
    expect((await importCsv({ 'content-type': 'text/csv', referer: `${EVIL}/khuyen-mai.html` })).statusCode).toBe(403);
    // A sandboxed frame or a file: page says "null".
    expect((await importCsv({ 'content-type': 'text/csv', origin: 'null' })).statusCode).toBe(403);
    // A body-less POST or DELETE is just as easy to forge (fetch no-cors).
    const tokens = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie } })).json<{ tokens: { id: string }[] }>();
    const del = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${tokens.tokens[0].id}`, headers: { cookie, origin: EVIL } });
    expect(del.statusCode).toBe(403);
    expect(del.json().error.id).toBe('request.cross_site');
  });

  it('lets the app’s own pages through: PUBLIC_URL, or the host the request was sent to', async () => {
    expect((await importCsv({ 'content-type': 'text/csv', origin: PUBLIC_URL })).statusCode).toBe(200);
    expect((await importCsv({ 'content-type': 'text/csv', origin: 'http://localhost' })).statusCode).toBe(200);
    expect((await importCsv({ 'content-type': 'text/csv', referer: `${PUBLIC_URL}/customers` })).statusCode).toBe(200);
    // No Origin and no Referer: not a browser form (curl, a script) — the cookie alone decides, as before.
    expect((await importCsv({ 'content-type': 'text/csv' })).statusCode).toBe(200);
  });

  it('does not apply to API tokens (no browser sends them on its own)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/customers/import',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', origin: EVIL },
      payload: CSV,
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses the agents’ live socket to a page on another site; the app’s own pages connect', async () => {
    await expect(connectSocket(`ws://${base}/api/ws`, { cookie, origin: EVIL })).rejects.toThrow(/403/);
    for (const origin of [`http://${base}`, PUBLIC_URL]) {
      const s = await connectSocket(`ws://${base}/api/ws`, { cookie, origin });
      expect((await s.next((m) => m.type === 'hello')).type).toBe('hello');
      await s.close();
    }
  });
});
