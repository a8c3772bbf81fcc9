import crypto from 'node:crypto';

type Headers = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim();

const equal = (a: Buffer, b: Buffer) => a.length === b.length && crypto.timingSafeEqual(a, b);
const hmac = (secret: string, body: string) => crypto.createHmac('sha256', secret).update(body, 'utf8').digest();

/**
 * KiotViet: X-Hub-Signature = HMAC-SHA256 of the raw body keyed with the Secret given when the webhook
 * was registered (KiotViet's Public API document §2.11.1: a random secret, base64-encoded by the shop,
 * passed as `Secret`). The document does not say whether KiotViet keys with that text or with the bytes
 * it encodes, nor how the digest is written; public integrations key with the text and write hex. We
 * accept hex or base64 digests (a "sha256=" prefix too) under either key: both come from the one secret.
 */
export const KIOTVIET_SIGNATURE_HEADER = 'x-hub-signature';
export function signKiotViet(secret: string, body: string): string {
  return hmac(secret, body).toString('hex');
}
export function kiotVietSignatureValid(secret: string, headers: Headers, body: string): boolean {
  const raw = one(headers[KIOTVIET_SIGNATURE_HEADER])?.replace(/^sha256=/i, '');
  if (!secret || !raw) return false;
  const given = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : /^[A-Za-z0-9+/]{43}=?$/.test(raw) ? Buffer.from(raw, 'base64') : null;
  if (!given) return false;
  const keys: (string | Buffer)[] = [secret];
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(secret) && secret.length % 4 === 0) keys.push(Buffer.from(secret, 'base64'));
  return keys.some((k) => equal(given, crypto.createHmac('sha256', k).update(body, 'utf8').digest()));
}

/** Haravan: X-Haravan-Hmac-Sha256 (private webhooks: X-Haravan-Hmacsha256) = base64 of HMAC-SHA256(secret, raw body). */
export const HARAVAN_SIGNATURE_HEADERS = ['x-haravan-hmac-sha256', 'x-haravan-hmacsha256'];
export function signHaravan(secret: string, body: string): string {
  return hmac(secret, body).toString('base64');
}
export function haravanSignatureValid(secret: string, headers: Headers, body: string): boolean {
  const given = HARAVAN_SIGNATURE_HEADERS.map((h) => one(headers[h])).find(Boolean);
  if (!secret || !given || !/^[A-Za-z0-9+/]{42,44}={0,2}$/.test(given)) return false;
  return equal(Buffer.from(given, 'base64'), hmac(secret, body));
}

/** The generic webhook: X-TanTam-Signature = "sha256=" + hex HMAC-SHA256(secret, raw body) (docs/orders-webhooks.md). */
export const GENERIC_SIGNATURE_HEADER = 'x-tantam-signature';
export function signGeneric(secret: string, body: string): string {
  return `sha256=${hmac(secret, body).toString('hex')}`;
}
export function genericSignatureValid(secret: string, headers: Headers, body: string): boolean {
  const given = one(headers[GENERIC_SIGNATURE_HEADER]);
  const m = given ? /^sha256=([0-9a-f]{64})$/i.exec(given) : null;
  if (!secret || !m) return false;
  return equal(Buffer.from(m[1].toLowerCase(), 'hex'), hmac(secret, body));
}
