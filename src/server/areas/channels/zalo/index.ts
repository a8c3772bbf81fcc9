import type { ChannelAdapter } from '../../../core/channels/types.js';
import { ZaloAccountConfigSchema, ZaloAccountSecretsSchema } from './account.js';
import { canSendZalo } from './can-send.js';
// zalo.* events: merged into core's EventCatalog.
import './events.js';
import { sendZalo } from './send.js';
import { webhookEventJob } from './inbound.js';
import { fetchProfileJob } from './profile.js';
import { refreshTokensJob } from './tokens-job.js';
import { zaloWebhookRoutes } from './webhook.routes.js';
import { znsTemplateRoutes } from './zns/templates.routes.js';
import { zaloOAuthRoutes } from './oauth.routes.js';

/**
 * Zalo Official Account (Open API v3). Connect by OAuth v4 with PKCE (oauth.routes.ts) or pasted
 * tokens; the token pair is renewed by a job before it expires (tokens.ts: single-use refresh
 * tokens, stored atomically). Inbound: a signed webhook (webhook.routes.ts) accepted durably and
 * processed in a job (inbound.ts) into tickets' one inbound door. Outbound: send.ts (replies within
 * the 48 h window, 8 free per window), ZNS templates for the rest.
 */
export const zaloChannel: ChannelAdapter = {
  kind: 'zalo',
  capabilities: { send: true, attachments: true, html: false, typing: false, buttons: true, replyWindowHours: 48, startsConversationsBy: 'phone' },
  account: {
    config: ZaloAccountConfigSchema,
    secrets: ZaloAccountSecretsSchema,
    // The webhook key is generated (a random, unguessable path segment of /api/hooks/zalo/<key>).
    address: () => undefined,
    // The app secret is sent to Zalo with this app id: changing the id requires typing the secret again.
    secretsBoundTo: { appSecret: ['appId'], refreshToken: ['appId'] },
  },
  async routes(app, ctx) {
    await app.register(zaloWebhookRoutes(ctx), { prefix: '/api' });
    await app.register(zaloOAuthRoutes(ctx), { prefix: '/api' });
    await app.register(znsTemplateRoutes(ctx), { prefix: '/api' });
  },
  send: sendZalo,
  canSend: canSendZalo,
  jobs: [refreshTokensJob, webhookEventJob, fetchProfileJob],
};

// For other areas and tests.
export { zaloAccessToken } from './tokens.js';
