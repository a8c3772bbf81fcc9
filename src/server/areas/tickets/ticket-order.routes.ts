import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { TicketDetailSchema } from '../../../shared/tickets.js';
import { linkTicketOrder } from './commands/link-ticket-order.js';
import { loadTicketDetail } from './queries/ticket-detail.js';

/** Which order a ticket is about: the agent's picker in the ticket panel. */
export const ticketOrderRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.put(
    '/tickets/:id/order',
    {
      config: { action: 'tickets:write' },
      schema: {
        tags: ['tickets'],
        summary: "Link the ticket to one of its customer's orders (orderId null: unlink)",
        params: z.object({ id: z.uuid() }),
        body: z.object({ orderId: z.uuid().nullable() }),
        response: { 200: z.object({ ticket: TicketDetailSchema }), 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await linkTicketOrder(ctx.db, { workspaceId: actor.workspaceId, ticketId: req.params.id, orderId: req.body.orderId }, actor);
      return { ticket: await loadTicketDetail(ctx.db, actor.workspaceId, req.params.id) };
    },
  );
};
