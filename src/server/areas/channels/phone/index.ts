import type { ChannelAdapter } from '../../../core/channels/types.js';
import { PhoneAccountConfigSchema, PhoneAccountSecretsSchema } from './account.js';
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
  async routes(app, ctx) {
    await app.register(phoneWebhookRoutes(ctx), { prefix: '/api' });
  },
};

// For other areas and tests.
export { signCallWebhook } from './signature.js';
