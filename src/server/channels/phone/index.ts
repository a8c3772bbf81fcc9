import type { ChannelAdapter } from '../types.js';
import { PhoneAccountConfigSchema, PhoneAccountSecretsSchema } from './account.js';
import { verifyCallWebhook } from './signature.js';
import { phoneWebhookRoutes } from './webhook.routes.js';

/**
 * The phone channel: a generic, HMAC-signed webhook any PBX or call provider posts call events to
 * (docs/telephony-webhook.md). Calls become entries in the customer's phone ticket; agent replies on
 * phone tickets are recorded only (there is nothing to send a text through).
 */
export const phoneChannel: ChannelAdapter = {
  kind: 'phone',
  capabilities: { send: false, attachments: false, html: false, typing: false, buttons: false },
  account: {
    config: PhoneAccountConfigSchema,
    secrets: PhoneAccountSecretsSchema,
    // The webhook key is generated (a random, unguessable path segment).
    address: () => undefined,
  },
  /** The raw body (kept by the webhook's content-type parser) signed with the account's secret. */
  verify(req, account) {
    verifyCallWebhook(String(account.secrets.signingSecret ?? ''), req.headers, typeof req.body === 'string' ? req.body : '');
  },
  async routes(app, ctx) {
    await app.register(phoneWebhookRoutes(ctx), { prefix: '/api' });
  },
};
