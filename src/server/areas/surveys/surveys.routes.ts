import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { ensureDefaultTemplates } from './commands/default-templates.js';
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
import { AppError, badRequest, notFound } from '../../core/errors.js';
import { actorOf } from '../../core/http/auth.js';
import { authorize } from '../../core/http/policies.js';
import { runCampaignNow, type CampaignRow } from './campaigns.js';
import { presentCampaign, presentTemplate } from './present.js';
import { sendSurvey } from './send-survey.js';
import { ErrorSchema } from '../../../shared/api.js';
import { SurveyTemplateSchema, SurveyTypeSchema } from '../../../shared/surveys.js';

const params = z.object({ id: z.uuid() });
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

const CampaignSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  name: z.string(),
  audience: z.object({ activeWithinDays: z.number().int() }),
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
    { schema: { tags: ['surveys'], summary: 'Survey templates of the workspace (built-in CSAT/NPS/CES first, then custom)', response: { 200: z.object({ templates: z.array(SurveyTemplateSchema) }), 403: ErrorSchema } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys:read');
      await ensureDefaultTemplates(ctx.db, actor.workspaceId);
      const rows = await ctx.db.query(
        `SELECT * FROM survey_templates WHERE workspace_id = $1
         ORDER BY is_default DESC, CASE type WHEN 'csat' THEN 0 WHEN 'nps' THEN 1 WHEN 'ces' THEN 2 ELSE 3 END, created_at, id`,
        [actor.workspaceId],
      );
      return { templates: rows.map(presentTemplate) };
    },
  );

  app.post(
    '/survey-templates',
    { schema: { tags: ['surveys'], summary: 'Add a custom survey (rating, choice and text questions; texts in vi and en)', body: SurveyTemplateCreateSchema, response: { 201: z.object({ template: SurveyTemplateSchema }), ...errors } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys:manage');
      return reply.status(201).send({ template: presentTemplate(await createSurveyTemplate(ctx.db, req.body, actor)) });
    },
  );

  app.patch(
    '/survey-templates/:id',
    {
      schema: {
        tags: ['surveys'],
        summary: 'Edit a survey: name, questions, triggers, low-score threshold, edit window, expiry, enabled (built-in ones keep their scale question)',
        params,
        body: SurveyTemplatePatchSchema,
        response: { 200: z.object({ template: SurveyTemplateSchema }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys:manage');
      return { template: presentTemplate(await updateSurveyTemplate(ctx.db, req.params.id, req.body, actor)) };
    },
  );

  app.delete('/survey-templates/:id', { schema: { tags: ['surveys'], summary: 'Delete a custom survey without answers (built-in: 409)', params, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    const actor = actorOf(req);
    authorize(actor, 'surveys:manage');
    await deleteSurveyTemplate(ctx.db, req.params.id, actor);
    return reply.status(204).send(null);
  });

  app.post(
    '/surveys/send',
    {
      schema: {
        tags: ['surveys'],
        summary: 'Survey a customer now (e.g. after an order is delivered): throttled per customer and type; delivered in their channel, else link-only',
        body: SendBody,
        response: { 202: SendResult, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys:send');
      const b = req.body;
      const ws = actor.workspaceId;
      const customer = await ctx.db.maybeOne<{ merged_into_id: string | null }>('SELECT merged_into_id FROM customers WHERE workspace_id = $1 AND id = $2', [ws, b.customerId]);
      if (!customer) throw notFound('customer');
      if (customer.merged_into_id) throw new AppError(409, 'customer.merged', 'This customer was merged into another profile; survey that one', { mergedIntoId: customer.merged_into_id });
      if (b.ticketId) {
        const t = await ctx.db.maybeOne<{ customer_id: string }>('SELECT customer_id FROM tickets WHERE workspace_id = $1 AND id = $2', [ws, b.ticketId]);
        if (!t) throw notFound('ticket');
        if (t.customer_id !== b.customerId) throw badRequest('survey.ticket_customer_mismatch', 'The ticket belongs to another customer', { field: 'ticketId' });
      }
      await ensureDefaultTemplates(ctx.db, ws);
      const tpl = b.templateId
        ? await ctx.db.maybeOne<{ id: string; enabled: boolean }>('SELECT id, enabled FROM survey_templates WHERE workspace_id = $1 AND id = $2', [ws, b.templateId])
        : await ctx.db.maybeOne<{ id: string; enabled: boolean }>(
            'SELECT id, enabled FROM survey_templates WHERE workspace_id = $1 AND type = $2 ORDER BY is_default DESC, enabled DESC, created_at LIMIT 1',
            [ws, b.type],
          );
      if (!tpl) throw notFound('survey_template');
      if (!tpl.enabled) throw new AppError(409, 'survey_template.disabled', 'This survey is disabled; enable it in the survey settings first');
      const r = await sendSurvey(ctx, { workspaceId: ws, templateId: tpl.id, customerId: b.customerId, ticketId: b.ticketId, aboutRef: b.aboutRef, channel: b.channel, reason: 'api' }, { actor });
      return reply.status(202).send(r);
    },
  );

  const loadCampaign = async (workspaceId: string, id: string) => {
    const c = await ctx.db.maybeOne<CampaignRow>('SELECT * FROM survey_campaigns WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    if (!c) throw notFound('survey_campaign');
    return c;
  };

  app.get(
    '/survey-campaigns',
    { schema: { tags: ['surveys'], summary: 'Survey campaigns (scheduled or one-off sends to active customers)', response: { 200: z.object({ campaigns: z.array(CampaignSchema) }), 403: ErrorSchema } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys:read');
      const rows = await ctx.db.query<CampaignRow>('SELECT * FROM survey_campaigns WHERE workspace_id = $1 ORDER BY created_at, id', [actor.workspaceId]);
      return { campaigns: rows.map(presentCampaign) };
    },
  );

  app.post(
    '/survey-campaigns',
    {
      schema: {
        tags: ['surveys'],
        summary: 'Add a campaign: a survey, its audience (activeWithinDays) and a cron schedule in the workspace time zone or a single runAt',
        body: SurveyCampaignCreateSchema,
        response: { 201: z.object({ campaign: CampaignSchema }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys:manage');
      return reply.status(201).send({ campaign: presentCampaign(await createSurveyCampaign(ctx.db, req.body, actor)) });
    },
  );

  app.patch(
    '/survey-campaigns/:id',
    { schema: { tags: ['surveys'], summary: 'Edit a campaign', params, body: SurveyCampaignPatchSchema, response: { 200: z.object({ campaign: CampaignSchema }), ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys:manage');
      return { campaign: presentCampaign(await updateSurveyCampaign(ctx.db, req.params.id, req.body, actor)) };
    },
  );

  app.delete('/survey-campaigns/:id', { schema: { tags: ['surveys'], summary: 'Delete a campaign (requests already sent stay)', params, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    const actor = actorOf(req);
    authorize(actor, 'surveys:manage');
    await deleteSurveyCampaign(ctx.db, req.params.id, actor);
    return reply.status(204).send(null);
  });

  app.post(
    '/survey-campaigns/:id/run',
    { schema: { tags: ['surveys'], summary: 'Run a campaign now (a run of its own; throttling per customer still applies)', params, response: { 200: RunResult, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys:manage');
      const c = await loadCampaign(actor.workspaceId, req.params.id);
      if (!c.enabled) throw new AppError(409, 'survey_campaign.disabled', 'This campaign is disabled; enable it first');
      return runCampaignNow(ctx, c);
    },
  );
};
