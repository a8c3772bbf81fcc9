import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { listSurveyAnswers, loadTicketSurvey } from './answer/list-answers.js';
import { ErrorSchema } from '../../../shared/common.js';
import { SurveyAnswerSchema, SurveyTypeSchema } from '../../../shared/surveys.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

const ListQuery = z.object({
  ticketId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  type: SurveyTypeSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const TicketSurveyRequestSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  type: SurveyTypeSchema,
  status: z.string(),
  channel: z.string(),
  reason: z.string(),
  sentAt: z.string(),
  expiresAt: z.string(),
  answeredAt: z.string().nullable(),
  createdAt: z.string(),
});

/** Survey answers as agents see them: a filtered list (ticket page, 360, exports) and a ticket's surveys. */
export const answersRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/survey-answers',
    {
      config: { action: 'surveys:read' },
      schema: {
        tags: ['surveys'],
        summary: 'Survey answers, newest first (filters: ticket, customer incl. merged profiles, type, answered from/to)',
        querystring: ListQuery,
        response: { 200: z.object({ answers: z.array(SurveyAnswerSchema), nextCursor: z.string().nullable() }), ...errors },
      },
    },
    async (req) => {
      return listSurveyAnswers(ctx.db, actorOf(req).workspaceId, req.query);
    },
  );

  app.get(
    '/tickets/:id/survey',
    {
      config: { action: 'surveys:read' },
      schema: {
        tags: ['surveys'],
        summary: "A ticket's survey requests and answers (answer = the latest)",
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({ requests: z.array(TicketSurveyRequestSchema), answer: SurveyAnswerSchema.nullable(), answers: z.array(SurveyAnswerSchema) }),
          ...errors,
        },
      },
    },
    async (req) => {
      return loadTicketSurvey(ctx.db, actorOf(req).workspaceId, req.params.id);
    },
  );
};
