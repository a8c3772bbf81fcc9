import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { authorize } from '../../core/http/policies.js';
import { ErrorSchema } from '../../../shared/common.js';
import { InboxViewCountsQuerySchema, InboxViewCountsSchema, TicketBulkResultSchema, TicketBulkSchema } from '../../../shared/tickets-bulk.js';
import { bulkUpdateTickets } from './commands/bulk-update.js';
import { loadInboxViewCounts } from './queries/inbox-view-counts.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

/** The inbox's selection actions and its view counts. */
export const bulkRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/tickets/bulk',
    {
      config: { action: 'tickets:write' },
      schema: {
        tags: ['tickets'],
        summary: 'Assign, change status, tag or merge many tickets at once: all or nothing, one event per ticket',
        body: TicketBulkSchema,
        response: { 200: TicketBulkResultSchema, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      if (req.body.action.type === 'merge') authorize(actor, 'tickets:merge');
      const { changed } = await bulkUpdateTickets(ctx.db, req.body, actor);
      return { changed, count: changed.length };
    },
  );

  app.get(
    '/tickets/view-counts',
    {
      config: { action: 'tickets:read' },
      schema: {
        tags: ['tickets'],
        summary: 'Open tickets in each inbox view (mine, unassigned, a team, all)',
        querystring: InboxViewCountsQuerySchema,
        response: { 200: InboxViewCountsSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req) => loadInboxViewCounts(ctx.db, actorOf(req), req.query.teamId),
  );
};
