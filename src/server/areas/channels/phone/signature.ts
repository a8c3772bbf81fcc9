import type { FastifyRequest } from 'fastify';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import crypto from 'node:crypto';
import { AppError } from '../../../core/errors.js';

/** Deliveries older or newer than this are refused, so a captured request cannot be replayed later. */
export const MAX_SKEW_SECONDS = 5 * 60;

export const TIMESTAMP_HEADER = 'x-tantam-timestamp';
export const SIGNATURE_HEADER = 'x-tantam-signature';

/** "sha256=<hex>" of HMAC-SHA256(secret, `${timestamp}.${rawBody}`) — what the PBX sends. */
export function signCallWebhook(secret: string, timestamp: number | string, rawBody: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

const invalid = (why: string) => new AppError(401, 'phone.signature_invalid', `The webhook signature is not valid: ${why}`);

/**
 * Throws 401 phone.signature_invalid unless the headers carry a fresh timestamp and the HMAC of
 * exactly these body bytes. The comparison is constant-time, so timing does not reveal how much of
 * a forged signature was right.
 */
export function verifyCallWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): void {
  // Never accept signatures made with an empty key (an endpoint saved without its secret).
  if (secret.length < 16) throw invalid('this endpoint has no signing secret; set one in the channel settings');
  const ts = one(headers[TIMESTAMP_HEADER]);
  const sig = one(headers[SIGNATURE_HEADER]);
  if (!ts || !sig) throw invalid('the X-TanTam-Timestamp and X-TanTam-Signature headers are required');
  if (!/^\d{1,12}$/.test(ts)) throw invalid('X-TanTam-Timestamp must be Unix seconds');
  if (Math.abs(nowSeconds - Number(ts)) > MAX_SKEW_SECONDS) throw invalid('the timestamp is more than 5 minutes away from our clock (replay or wrong clock)');
  const expected = Buffer.from(signCallWebhook(secret, ts, rawBody));
  const given = Buffer.from(sig.trim());
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw invalid('the signature does not match the body');
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The raw body (kept by the webhook's content-type parser) signed with the account's secret. */
export function verifyPhoneRequest(req: FastifyRequest, account: ChannelAccount): void {
  verifyCallWebhook(String(account.secrets.signingSecret ?? ''), req.headers, typeof req.body === 'string' ? req.body : '');
}
