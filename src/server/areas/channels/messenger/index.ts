import { AppError } from '../../../core/errors.js';
import type { ChannelAdapter } from '../../../core/channels/types.js';
import { MessengerAccountConfigSchema, MessengerAccountSecretsSchema, STANDARD_WINDOW_HOURS, messengerConfig } from './account.js';
import { canSendMessenger, messengerWindowHours } from './can-send.js';
import { fetchPage } from './graph.js';
import { messengerWebhookJob } from './process.js';
import { sendMessenger } from './send.js';
import { messengerWebhookRoutes } from './webhook.routes.js';

/**
 * Facebook Messenger for a Page: Facebook posts signed events to /api/hooks/messenger/<key> (webhook.routes.ts),
 * accepted at once and processed by a job (process.ts: messages and postbacks → tickets, echoes, delivery
 * and read receipts); agent replies and surveys go out through the Send API (send.ts) inside Messenger's
 * window — 24 hours, or 7 days with the HUMAN_AGENT tag when the account has that permission.
 * Instagram messaging (object "instagram" on the same app) is not handled yet.
 */
export const messengerChannel: ChannelAdapter = {
  kind: 'messenger',
  capabilities: { send: true, attachments: true, html: false, typing: false, buttons: true, replyWindowHours: STANDARD_WINDOW_HOURS },
  account: {
    config: MessengerAccountConfigSchema,
    secrets: MessengerAccountSecretsSchema,
    // The webhook key is generated: one URL per connected Page, unguessable.
    address: () => undefined,
    async test(ctx, configValue, secrets) {
      const config = messengerConfig(configValue);
      if (config.demo) return;
      const missing = (['pageAccessToken', 'appSecret', 'verifyToken'] as const).filter((k) => !secrets[k]);
      if (missing.length > 0) {
        throw new AppError(400, 'validation.failed', 'A Messenger Page needs its access token, the app secret and a verify token', missing.map((k) => ({ path: ['secrets', k], message: 'required' })));
      }
      try {
        const page = await fetchPage(ctx, String(secrets.pageAccessToken), config.pageId);
        if (page.id !== undefined && String(page.id) !== config.pageId) throw new Error(`the token belongs to Page ${page.id}`);
      } catch (err) {
        throw new AppError(400, 'messenger.page_token_invalid', `Facebook did not accept the Page access token for Page ${config.pageId}: ${(err as Error).message}`);
      }
    },
    // The token is only ever sent to Facebook for the Page it was typed for.
    secretsBoundTo: { pageAccessToken: ['pageId'] },
  },
  replyWindowHoursOf: messengerWindowHours,
  send: sendMessenger,
  canSend: canSendMessenger,
  async routes(app, ctx) {
    await app.register(messengerWebhookRoutes(ctx), { prefix: '/api' });
  },
  jobs: [messengerWebhookJob],
};

// For tests and the demo.
export { GRAPH_API_VERSION } from './account.js';
export { signMessengerWebhook } from './signature.js';
export { surveyPayload } from './survey-replies.js';
