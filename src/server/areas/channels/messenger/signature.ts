import crypto from 'node:crypto';
import { AppError } from '../../../core/errors.js';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

/** "sha256=<hex>" of HMAC-SHA256(app secret, raw body): what Facebook sends in X-Hub-Signature-256. */
export function signMessengerWebhook(appSecret: string, rawBody: string | Buffer): string {
  return `sha256=${crypto.createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

const invalid = (why: string) => new AppError(401, 'messenger.signature_invalid', `The webhook signature is not valid: ${why}`);

/**
 * Throws 401 messenger.signature_invalid unless X-Hub-Signature-256 is the HMAC of exactly these bytes
 * under the app secret. Constant-time comparison. Facebook signs the body it sent as bytes (its JSON
 * escapes non-ASCII as \uXXXX), so the check runs on the raw body before any parsing. There is no
 * timestamp in the signature: replays are harmless because every event is idempotent on its mid/watermark.
 */
export function verifyMessengerSignature(appSecret: string | undefined, header: string | string[] | undefined, rawBody: Buffer): void {
  if (!appSecret) throw invalid('this Page has no app secret; set it in the channel settings');
  const given = Array.isArray(header) ? header[0] : header;
  if (!given) throw invalid('the X-Hub-Signature-256 header is missing');
  const expected = Buffer.from(signMessengerWebhook(appSecret, rawBody));
  const got = Buffer.from(given.trim());
  if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) throw invalid('the signature does not match the body');
}
