import crypto from 'node:crypto';

/** The signature header's value for a body sent at unix time t: `t=<t>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signatureHeader(secret: string, t: number, rawBody: string): string {
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * What a receiver does (and what the docs show): true when the header carries a v1 signature of this
 * body made with the secret, no more than toleranceSeconds away from now.
 */
export function verifySignature(secret: string, header: string, rawBody: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const expected = Buffer.from(crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/** A new signing secret (shown to the admin, sealed at rest). */
export const newWebhookSecret = () => `whsec_${crypto.randomBytes(24).toString('base64url')}`;
