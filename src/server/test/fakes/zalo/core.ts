import crypto from 'node:crypto';
import type { FakeRequest, FakeResponse } from './router.js';

/**
 * What every route file of the fake Zalo shares: the app and OA it plays, the access tokens it issued
 * (so /v3.0 and ZNS calls can refuse a stale one with -216, as Zalo does) and files it serves at
 * /files/<name> (the attachment URLs webhook payloads point at).
 */
export class FakeZaloCore {
  url = '';
  appId = '3579246801357924680';
  appSecret = 'fake-app-secret-123';
  oaId = '1234567890123456789';
  oaSecretKey = 'fake-oa-secret-key-456';
  /** Access tokens this fake issued (or a test registered) and their expiry (ms since epoch). */
  readonly accessTokens = new Map<string, { expiresAt: number }>();
  readonly files = new Map<string, { contentType: string; data: Buffer }>();

  /** A new access token Zalo would accept (tests also use it to seed an account with pasted tokens). */
  issueAccessToken(ttlSeconds = 90_000): string {
    const t = `za-${crypto.randomBytes(12).toString('hex')}`;
    this.accessTokens.set(t, { expiresAt: Date.now() + ttlSeconds * 1000 });
    return t;
  }

  /** Zalo's answer to a call with a missing, unknown or expired access_token header; undefined when valid. */
  checkAccess(req: FakeRequest): FakeResponse | undefined {
    const token = String(req.headers['access_token'] ?? '');
    const known = this.accessTokens.get(token);
    if (!token || !known || known.expiresAt < Date.now()) return { json: { error: -216, message: 'Access token is invalid' } };
    return undefined;
  }

  /** Serves a file at <url>/files/<name> and returns its URL (an attachment payload's url). */
  serveFile(name: string, contentType: string, data: Buffer): string {
    this.files.set(name, { contentType, data });
    return `${this.url}/files/${encodeURIComponent(name)}`;
  }
}
