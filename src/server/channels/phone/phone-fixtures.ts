import type { TestApp } from '../../test/harness.js';
import { signCallWebhook } from './signature.js';

/** Test helpers of the phone channel: an endpoint through the API, signed webhook posts. */

export const SECRET = 'bi-mat-tong-dai-0123456789';

/** A telephony endpoint of the workspace (through POST /api/channel-accounts); returns its key. */
export async function createPhoneEndpoint(t: TestApp, adminCookie: string, secret = SECRET): Promise<{ id: string; key: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/channel-accounts',
    headers: { cookie: adminCookie },
    payload: { kind: 'phone', name: 'Tổng đài', config: { provider: 'Test PBX', hotline: '1900 1234' }, secrets: { signingSecret: secret } },
  });
  if (res.statusCode !== 201) throw new Error(`phone endpoint: ${res.statusCode} ${res.body}`);
  const a = res.json();
  return { id: a.id, key: a.address };
}

/** Posts a body to the webhook, signed (or with the headers given). */
export async function postHook(t: TestApp, key: string, body: unknown, opts: { secret?: string; timestamp?: number; headers?: Record<string, string>; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers = opts.headers ?? {
    'content-type': 'application/json',
    'x-tantam-timestamp': String(ts),
    'x-tantam-signature': signCallWebhook(opts.secret ?? SECRET, ts, raw),
  };
  const res = await t.app.inject({ method: 'POST', url: `/api/hooks/phone/${key}`, headers, payload: raw });
  return { status: res.statusCode, body: res.json() };
}

/** The events of one call, at times relative to `start`. */
export function callEvents(callId: string, start: Date, opts: { direction?: 'inbound' | 'outbound'; from?: string; to?: string; missed?: boolean; agentEmail?: string } = {}) {
  const direction = opts.direction ?? 'inbound';
  const base = { callId, direction, from: opts.from ?? '0912 345 678', to: opts.to ?? '1900 1234' };
  const at = (s: number) => new Date(start.getTime() + s * 1000).toISOString();
  if (opts.missed) {
    return [
      { ...base, event: 'ringing' as const, at: at(0) },
      { ...base, event: 'missed' as const, at: at(25), waitSeconds: 25 },
    ];
  }
  return [
    { ...base, event: 'ringing' as const, at: at(0) },
    { ...base, event: 'answered' as const, at: at(12), agent: { email: opts.agentEmail, extension: '101' } },
    { ...base, event: 'ended' as const, at: at(192), talkSeconds: 180, wrapUpSeconds: 45, recordingUrl: 'https://pbx.example.vn/rec/' + callId + '.mp3' },
  ];
}
