import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import {
  createSurveyTemplate,
  deleteSurveyTemplate,
  SurveyTemplateCreateSchema,
  SurveyTemplatePatchSchema,
  updateSurveyTemplate,
} from './commands/templates.js';
import {
  createSurveyCampaign,
  deleteSurveyCampaign,
  SurveyCampaignCreateSchema,
  SurveyCampaignPatchSchema,
  updateSurveyCampaign,
} from './commands/campaign-commands.js';
import { runSurveyCampaignNow } from './commands/run-campaign-now.js';
import { surveyCustomer } from './commands/survey-customer.js';
import { actorOf } from '../../core/http/auth.js';
import { presentCampaign, presentTemplate } from './present.js';
import { listSurveyCampaigns } from './queries/list-campaigns.js';
import { listSurveyTemplates } from './queries/list-templates.js';
import { ErrorSchema } from '../../../shared/common.js';
import { SurveyTemplateSchema, SurveyTypeSchema } from '../../../shared/surveys.js';

const params = z.object({ id: z.uuid() });
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

const CampaignSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  name: z.string(),
  audience: z.object({ activeWithinDays: z.number().int(), segmentId: z.string().nullable().optional() }),
  schedule: z.string().nullable(),
  runAt: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  lastRunSent: z.number().int(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const SendBody = z
  .object({
    customerId: z.uuid(),
    templateId: z.uuid().optional(),
    type: SurveyTypeSchema.optional(),
    ticketId: z.uuid().optional(),
    /** What the survey is about when it is not a ticket, e.g. "order:DH1024". */
    aboutRef: z.string().trim().min(1).max(200).optional(),
    /** Deliver only through this channel (e.g. "email"). */
    channel: z.string().trim().min(1).max(40).optional(),
  })
  .refine((b) => b.templateId || b.type, { message: 'Name the survey: templateId or type', path: ['templateId'] });

const SendResult = z.object({
  requestId: z.string().nullable(),
  status: z.enum(['sent', 'throttled', 'no_channel', 'skipped']),
  url: z.string().optional(),
  reason: z.string().optional(),
});

const RunResult = z.object({ runKey: z.string(), counts: z.record(z.string(), z.number().int()) });

/** Survey templates, sending through the API ("survey customer X about Y") and campaigns. */
export const surveysRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/survey-templates',
    { config: { action: 'surveys:read' }, schema: { tags: ['surveys'], summary: 'Survey templates of the workspace (built-in CSAT/NPS/CES first, then custom)', response: { 200: z.object({ templates: z.array(SurveyTemplateSchema) }), 403: ErrorSchema } } },
    async (req) => {
      const rows = await listSurveyTemplates(ctx.db, actorOf(req).workspaceId);
      return { templates: rows.map(presentTemplate) };
    },
  );

  app.post(
    '/survey-templates',
    { config: { action: 'surveys:manage' }, schema: { tags: ['surveys'], summary: 'Add a custom survey (rating, choice and text questions; texts in vi and en)', body: SurveyTemplateCreateSchema, response: { 201: z.object({ template: SurveyTemplateSchema }), ...errors } } },
    async (req, reply) => {
      return reply.status(201).send({ template: presentTemplate(await createSurveyTemplate(ctx.db, req.body, actorOf(req))) });
    },
  );

  app.patch(
    '/survey-templates/:id',
    {
      config: { action: 'surveys:manage' },
      schema: {
        tags: ['surveys'],
        summary: 'Edit a survey: name, questions, triggers, low-score threshold, edit window, expiry, enabled (built-in ones keep their scale question)',
        params,
        body: SurveyTemplatePatchSchema,
        response: { 200: z.object({ template: SurveyTemplateSchema }), ...errors },
      },
    },
    async (req) => {
      return { template: presentTemplate(await updateSurveyTemplate(ctx.db, req.params.id, req.body, actorOf(req))) };
    },
  );

  app.delete(
    '/survey-templates/:id',
    { config: { action: 'surveys:manage' }, schema: { tags: ['surveys'], summary: 'Delete a custom survey without answers (built-in: 409)', params, response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await deleteSurveyTemplate(ctx.db, req.params.id, actorOf(req));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/surveys/send',
    {
      config: { action: 'surveys:send' },
      schema: {
        tags: ['surveys'],
        summary: 'Survey a customer now (e.g. after an order is delivered): throttled per customer and type; delivered in their channel, else link-only',
        body: SendBody,
        response: { 202: SendResult, ...errors },
      },
    },
    async (req, reply) => {
      return reply.status(202).send(await surveyCustomer(ctx, req.body, actorOf(req)));
    },
  );

  app.get(
    '/survey-campaigns',
    { config: { action: 'surveys:read' }, schema: { tags: ['surveys'], summary: 'Survey campaigns (scheduled or one-off sends to active customers)', response: { 200: z.object({ campaigns: z.array(CampaignSchema) }), 403: ErrorSchema } } },
    async (req) => {
      const rows = await listSurveyCampaigns(ctx.db, actorOf(req).workspaceId);
      return { campaigns: rows.map(presentCampaign) };
    },
  );

  app.post(
    '/survey-campaigns',
    {
      config: { action: 'surveys:manage' },
      schema: {
        tags: ['surveys'],
        summary: 'Add a campaign: a survey, its audience (activeWithinDays) and a cron schedule in the workspace time zone or a single runAt',
        body: SurveyCampaignCreateSchema,
        response: { 201: z.object({ campaign: CampaignSchema }), ...errors },
      },
    },
    async (req, reply) => {
      return reply.status(201).send({ campaign: presentCampaign(await createSurveyCampaign(ctx.db, req.body, actorOf(req))) });
    },
  );

  app.patch(
    '/survey-campaigns/:id',
    { config: { action: 'surveys:manage' }, schema: { tags: ['surveys'], summary: 'Edit a campaign', params, body: SurveyCampaignPatchSchema, response: { 200: z.object({ campaign: CampaignSchema }), ...errors } } },
    async (req) => {
      return { campaign: presentCampaign(await updateSurveyCampaign(ctx.db, req.params.id, req.body, actorOf(req))) };
    },
  );

  app.delete(
    '/survey-campaigns/:id',
    { config: { action: 'surveys:manage' }, schema: { tags: ['surveys'], summary: 'Delete a campaign (requests already sent stay)', params, response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await deleteSurveyCampaign(ctx.db, req.params.id, actorOf(req));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/survey-campaigns/:id/run',
    { config: { action: 'surveys:manage' }, schema: { tags: ['surveys'], summary: 'Run a campaign now (a run of its own; throttling per customer still applies)', params, response: { 200: RunResult, ...errors } } },
    async (req) => runSurveyCampaignNow(ctx, actorOf(req).workspaceId, req.params.id),
  );
};
