import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { CustomerJourneyQuerySchema, CustomerJourneySchema, JourneyQuerySchema, JourneyReportSchema } from '../../../shared/journey.js';
import { customerJourney } from './queries/customer-journey.js';
import { journeyReport } from './queries/journey-report.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/** The customer's journey on the profile, and the journey map of a period. */
export const journeyRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/customers/:id/journey',
    {
      config: { action: 'customers:read' },
      schema: {
        tags: ['journey'],
        summary: "The customer's stage now (pre-sale, in-sale, post-sale), the stages they went through, and their touchpoints filed under each",
        params: z.object({ id: z.string().uuid() }),
        querystring: CustomerJourneyQuerySchema,
        response: { 200: CustomerJourneySchema, ...errors },
      },
    },
    async (req) => customerJourney(ctx.db, actorOf(req).workspaceId, req.params.id, req.query.limit),
  );

  app.get(
    '/journey',
    {
      config: { action: 'metrics:read' },
      schema: {
        tags: ['journey'],
        summary: 'The journey map of a period: customers per stage, moves between stages, touchpoints per stage and channel, drop-offs with the service before them',
        querystring: JourneyQuerySchema,
        response: { 200: JourneyReportSchema, ...errors },
      },
    },
    async (req) => journeyReport(ctx.readDb, actorOf(req).workspaceId, req.query),
  );
};
