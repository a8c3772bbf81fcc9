import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { customer360 } from './queries/customer-360.js';
import { timelinePage } from './queries/timeline-page.js';
import { Customer360Schema, TimelinePageSchema } from '../../../shared/customers.js';
import { ErrorSchema } from '../../../shared/common.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const pageQuery = z.object({ cursor: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(100).default(30) });

/** Customer 360: the profile with everything around it, and further pages of its one timeline. */
export const customer360Routes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/customers/:id/360',
    {
      config: { action: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'Profile, identities, notes, tickets, stats and the first page of the timeline',
        params: z.object({ id: z.string().uuid() }),
        querystring: pageQuery,
        response: { 200: Customer360Schema, ...errors },
      },
    },
    async (req) => {
      return customer360(ctx.db, actorOf(req).workspaceId, req.params.id, req.query);
    },
  );

  app.get(
    '/customers/:id/timeline',
    {
      config: { action: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'A page of the timeline (tickets opened, messages, notes, merges), newest first; pass nextCursor',
        params: z.object({ id: z.string().uuid() }),
        querystring: pageQuery,
        response: { 200: TimelinePageSchema, ...errors },
      },
    },
    async (req) => {
      return timelinePage(ctx.db, actorOf(req).workspaceId, req.params.id, req.query);
    },
  );
};
