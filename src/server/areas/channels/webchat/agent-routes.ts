import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import { getTicket } from '../../tickets/index.js';
import { actorOf } from '../../../core/http/auth.js';
import { ErrorSchema } from '../../../../shared/common.js';
import { pushToVisitor } from './relay.js';
import { conversationOfTicket } from './store.js';

/** POST /api/tickets/:id/typing: an agent is typing a reply; the chat visitor sees it (other channels: nothing). */
export const agentTypingRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/tickets/:id/typing',
    {
      bodyLimit: 1024,
      config: { action: 'tickets:reply', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { tags: ['tickets'], summary: 'The agent is typing (pushed to a chat visitor)', params: z.object({ id: z.uuid() }), response: { 204: z.null(), 403: ErrorSchema, 404: ErrorSchema } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const ticket = await getTicket(ctx.db, actor.workspaceId, req.params.id);
      if (ticket.channel === 'webchat') {
        const chat = await conversationOfTicket(ctx.db, actor.workspaceId, ticket.id);
        if (chat) await pushToVisitor(ctx, actor.workspaceId, chat.visitor_id, { kind: 'frame', frame: { type: 'typing', name: actor.kind === 'user' ? actor.name : null } });
      }
      return reply.status(204).send(null);
    },
  );
};
