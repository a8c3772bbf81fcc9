import type { AppContext } from '../../../core/context.js';
import { PermanentDeliveryError } from '../../../core/channels/delivery-failure.js';
import type { ChannelAdapter } from '../../../core/channels/types.js';
import { WebchatAccountConfigSchema, WebchatAccountSecretsSchema } from './account.js';
import { agentTypingRoutes } from './agent-routes.js';
import { canSendWebchat } from './can-send.js';
import { recordAgentMessage } from './chat.js';
// chat.started, chat.ended, webchat.typing: merged into core's EventCatalog.
import './events.js';
import { conversationCheckJob, webchatReactions } from './live.js';
import { relayVisitorPushes } from './relay.js';
import { widgetRoutes, widgetScriptRoute } from './routes.js';

/**
 * The website chat widget: visitors write from a page embedding /widget.js (public API under
 * /api/widget/:key, WebSocket for live messages); agents answer in the ticket. An agent reply is
 * pushed to the visitor's open sockets by one durable reaction right after commit (live.ts); the
 * delivery job marks it 'sent' once it is in the visitor's stream, and the visitor's ack 'delivered'
 * (both idempotent, in either order). Offline visitors fetch what they missed on return. Chats
 * announce themselves as events (events.ts: chat.started, chat.ended) for metrics and surveys.
 */
export const webchatChannel: ChannelAdapter = {
  kind: 'webchat',
  capabilities: { send: true, attachments: true, html: false, typing: true, buttons: true },
  account: {
    config: WebchatAccountConfigSchema,
    secrets: WebchatAccountSecretsSchema,
    // The public widget key is generated (random), not derived from the settings.
    address: () => undefined,
  },
  async routes(app, ctx) {
    // Every instance serving the widget's sockets takes the pushes other instances relay.
    relayVisitorPushes(ctx);
    await app.register(widgetRoutes(ctx), { prefix: '/api' });
    await app.register(agentTypingRoutes(ctx), { prefix: '/api' });
    await app.register(widgetScriptRoute);
  },
  async send(ctx: AppContext, req) {
    // In the visitor's stream (idempotent: the reaction may have put it there first); the push is the reaction's.
    const r = await recordAgentMessage(ctx, req.ticket.workspaceId, req.message.id);
    if (!r) throw new PermanentDeliveryError('no_conversation', 'This ticket has no chat visitor to send the reply to');
    return { status: 'sent' };
  },
  canSend: canSendWebchat,
  jobs: [conversationCheckJob],
  reactions: webchatReactions,
};

// For other areas and tests.
export { WebchatAccountConfigSchema } from './account.js';
export { clearWidgetCache } from './guard.js';
