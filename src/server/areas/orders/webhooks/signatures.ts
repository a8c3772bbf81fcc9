import crypto from 'node:crypto';

type Headers = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim();

const equal = (a: Buffer, b: Buffer) => a.length === b.length && crypto.timingSafeEqual(a, b);
const hmac = (secret: string, body: string) => crypto.createHmac('sha256', secret).update(body, 'utf8').digest();

/** KiotViet: X-Hub-Signature = HMAC-SHA256(secret, raw body) in hex (a "sha256=" prefix is accepted too). */
export const KIOTVIET_SIGNATURE_HEADER = 'x-hub-signature';
export function signKiotViet(secret: string, body: string): string {
  return hmac(secret, body).toString('hex');
}
export function kiotVietSignatureValid(secret: string, headers: Headers, body: string): boolean {
  const given = one(headers[KIOTVIET_SIGNATURE_HEADER])?.replace(/^sha256=/i, '').toLowerCase();
  if (!secret || !given || !/^[0-9a-f]{64}$/.test(given)) return false;
  return equal(Buffer.from(given, 'hex'), hmac(secret, body));
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
