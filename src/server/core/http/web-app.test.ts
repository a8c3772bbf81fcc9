import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { registerWebApp } from './web-app.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tantam-web-'));
const js = 'console.log("xin chào");'.repeat(200);
fs.mkdirSync(path.join(root, 'assets'));
fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Tận Tâm</title>');
fs.writeFileSync(path.join(root, 'assets', 'index-abc123.js'), js);
fs.writeFileSync(path.join(root, 'assets', 'index-abc123.js.br'), zlib.brotliCompressSync(js));
fs.writeFileSync(path.join(root, 'assets', 'index-abc123.js.gz'), zlib.gzipSync(js));
const app = Fastify();
afterAll(async () => {
  await app.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the web app’s static files', () => {
  it('sends the prebuilt Brotli or gzip copy, caches hashed assets for a year and never the shell', async () => {
    await registerWebApp(app, root);
    const br = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(js);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);

    const shell = await app.inject({ url: '/inbox/123' });
    expect(shell.statusCode).toBe(200);
    expect(shell.body).toContain('Tận Tâm');
    expect(shell.headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ url: '/' })).headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ url: '/api/nothing' })).json().error.id).toBe('route.not_found');
  });

  it('sends the app’s pages with a Content-Security-Policy and X-Frame-Options: DENY', async () => {
    for (const url of ['/', '/index.html', '/inbox/123']) {
      const page = await app.inject({ url, headers: { host: 'hotro.cuahang.vn' } });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['x-frame-options'], url).toBe('DENY');
      const csp = String(page.headers['content-security-policy']);
      const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
      expect(directives).toMatchObject({
        'script-src': "'self'",
        'img-src': "'self' data: blob:",
        'connect-src': "'self' ws://hotro.cuahang.vn wss://hotro.cuahang.vn",
        'frame-ancestors': "'none'",
        'object-src': "'none'",
      });
    }
    // A Host header that does not look like one is not copied into the policy.
    const odd = await app.inject({ url: '/', headers: { host: 'x; script-src *' } });
    expect(odd.headers['content-security-policy']).toContain("connect-src 'self';");
  });
});

describe('pages outside the app shell', () => {
  it('keep the policy they set themselves (the survey page) and JSON gets none', async () => {
    const other = Fastify();
    other.get('/s/:token', (_req, reply) => reply.header('Content-Security-Policy', "default-src 'none'").type('text/html').send('<p>Khảo sát</p>'));
    other.get('/api/thing', () => ({ ok: true }));
    await registerWebApp(other, root);
    expect((await other.inject({ url: '/s/abc' })).headers['content-security-policy']).toBe("default-src 'none'");
    expect((await other.inject({ url: '/api/thing' })).headers['content-security-policy']).toBeUndefined();
    await other.close();
  });
});
