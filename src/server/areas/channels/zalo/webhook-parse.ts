import crypto from 'node:crypto';
import { AppError, badRequest } from '../../../core/errors.js';

/**
 * JSON.parse that keeps long integers exact: Zalo documents its ids (user, OA, app, msg) as strings,
 * but they exceed 2^53, so should one ever arrive as a bare number it would silently lose digits.
 * Integer literals of 16+ digits outside strings are quoted before parsing (Node 20 has no
 * source-text reviver yet).
 */
export function parseJsonKeepingIds(text: string): unknown {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      i++;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      const lit = m?.[0] ?? c;
      out += !m?.[1] && !m?.[2] && lit.replace('-', '').length >= 16 ? `"${lit}"` : lit;
      i += lit.length;
      continue;
    }
    out += c;
    i++;
  }
  return JSON.parse(out) as unknown;
}

/** Replays older (or newer) than this are refused: a captured delivery cannot be posted again later. */
export const REPLAY_WINDOW_MS = 10 * 60_000;

/**
 * Zalo's webhook signature, as documented (developers.zalo.me, Official Account → Webhook → "Xác
 * thực dữ liệu"): header X-ZEvent-Signature: mac=<hex>, where hex = sha256(appId + rawBody +
 * timestamp + OASecretKey) — a plain SHA-256 of the concatenation (not an HMAC), with app_id and
 * timestamp taken from the body itself, and the OA secret key (not the app secret).
 */
export function zaloWebhookMac(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return crypto.createHash('sha256').update(appId).update(rawBody).update(timestamp).update(oaSecretKey).digest('hex');
}

/** The header value a delivery of this body carries (tests and the bench sign with it). */
export function signZaloWebhook(rawBody: string, oaSecretKey: string): string {
  const parsed = parseJsonKeepingIds(rawBody) as { app_id?: unknown; timestamp?: unknown };
  return `mac=${zaloWebhookMac(String(parsed.app_id ?? ''), rawBody, String(parsed.timestamp ?? ''), oaSecretKey)}`;
}

export interface VerifiedDelivery {
  event: Record<string, unknown>;
  appId: string;
  timestamp: string;
}

/**
 * Checks one delivery: JSON (400 zalo.invalid_json), header present (401 zalo.signature_missing),
 * the MAC over these exact bytes in constant time (401 zalo.signature_invalid), sent by the app this
 * account is connected to (403 zalo.app_mismatch), and fresh (403 zalo.stale_event).
 */
export function verifyZaloDelivery(
  raw: Buffer,
  header: string | string[] | undefined,
  account: { appId: string; oaSecretKey: string | undefined },
  now = Date.now(),
): VerifiedDelivery {
  let event: Record<string, unknown>;
  try {
    const v = parseJsonKeepingIds(raw.toString('utf8'));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    event = v as Record<string, unknown>;
  } catch {
    throw badRequest('zalo.invalid_json', 'The body is not a JSON object');
  }
  const sig = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!sig) throw new AppError(401, 'zalo.signature_missing', 'The X-ZEvent-Signature header is required');
  if (!account.oaSecretKey) throw new AppError(401, 'zalo.signature_invalid', 'This Zalo account has no OA secret key: set it in the channel settings');
  const appId = String(event.app_id ?? '');
  const timestamp = String(event.timestamp ?? '');
  const expected = Buffer.from(`mac=${zaloWebhookMac(appId, raw, timestamp, account.oaSecretKey)}`);
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    throw new AppError(401, 'zalo.signature_invalid', 'The X-ZEvent-Signature does not match the body');
  }
  if (appId !== account.appId) throw new AppError(403, 'zalo.app_mismatch', 'The event was sent for another Zalo app than this account’s');
  // Zalo's timestamp is milliseconds since the epoch, as a string (seconds accepted too).
  const ts = timestamp.length <= 10 ? Number(timestamp) * 1000 : Number(timestamp);
  if (!/^\d{10,16}$/.test(timestamp) || Math.abs(now - ts) > REPLAY_WINDOW_MS) {
    throw new AppError(403, 'zalo.stale_event', 'The event’s timestamp is outside the 10-minute window (a replay, or a wrong clock)');
  }
  return { event, appId, timestamp };
}
