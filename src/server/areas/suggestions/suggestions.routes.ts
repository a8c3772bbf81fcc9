import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { CustomerSuggestionsSchema, SuggestionsQuerySchema } from '../../../shared/suggestions.js';
import { customerSuggestions } from './customer-suggestions.js';
import { RECOMPUTE_JOB } from './jobs.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/** Cross-sell for one customer, and an admin's "relearn now". */
export const suggestionsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/customers/:id/suggestions',
    {
      config: { action: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'Items to offer this customer: what buyers of their items also buy (support, confidence, lift), minus what they have; best sellers fill the rest',
        params: z.object({ id: z.string().uuid() }),
        querystring: SuggestionsQuerySchema,
        response: { 200: CustomerSuggestionsSchema, ...errors },
      },
    },
    async (req) => customerSuggestions(ctx.db, actorOf(req).workspaceId, req.params.id, req.query.limit),
  );

  app.post(
    '/suggestions/recompute',
    { config: { action: 'segments:manage' }, schema: { tags: ['customers'], summary: 'Relearn the cross-sell table from the orders now (202; a background job)', response: { 202: z.object({ queued: z.boolean() }), ...errors } } },
    async (req, reply) => {
      await ctx.jobs.send(RECOMPUTE_JOB, { workspaceId: actorOf(req).workspaceId });
      return reply.code(202).send({ queued: true });
    },
  );
};
