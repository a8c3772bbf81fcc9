import type { FastifyInstance } from 'fastify';
import { signZaloWebhook } from '../../../areas/channels/zalo/webhook-parse.js';
import type { FakeZalo } from './server.js';

let seq = 0;
/** A Zalo-like msg_id (hex, as Zalo's are). */
export const zaloMsgId = () => `${Date.now().toString(16)}${(seq++).toString(16).padStart(4, '0')}a1b2c3d4`;

/** An event body as Zalo sends it: app_id, event_name, timestamp (ms, a string) and the event's fields. */
export function zaloEvent<F extends Record<string, unknown>>(fake: FakeZalo, eventName: string, fields: F, at = Date.now()) {
  return { app_id: fake.state.core.appId, oa_id: fake.state.core.oaId, user_id_by_app: '5123456789012345678', event_name: eventName, timestamp: String(at), ...fields };
}

/** A user's message event (sender: the user, recipient: the OA). */
export function userMessage(fake: FakeZalo, userId: string, eventName: string, message: Record<string, unknown>, at = Date.now()) {
  return zaloEvent(fake, eventName, { sender: { id: userId }, recipient: { id: fake.state.core.oaId }, message: { msg_id: zaloMsgId(), ...message } }, at);
}

/** Posts a signed delivery to /api/hooks/zalo/<key> as Zalo would (raw JSON, X-ZEvent-Signature). */
export function postZaloWebhook(app: FastifyInstance, fake: FakeZalo, key: string, event: unknown, opts: { raw?: string; signature?: string | null } = {}) {
  const raw = opts.raw ?? JSON.stringify(event);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const sig = opts.signature === undefined ? signZaloWebhook(raw, fake.state.core.oaSecretKey) : opts.signature;
  if (sig !== null) headers['x-zevent-signature'] = sig;
  return app.inject({ method: 'POST', url: `/api/hooks/zalo/${key}`, headers, payload: raw });
}
