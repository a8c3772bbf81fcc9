import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import { badRequest } from '../../../core/errors.js';
import { actorOf } from '../../../core/http/auth.js';
import { recordReportExport } from '../record-export.js';
import { ErrorSchema } from '../../../../shared/common.js';
import {
  AtRiskPageSchema, AtRiskQuerySchema, CustomerValueSchema, RetentionFiltersSchema, RetentionReportSchema, RetentionSettingsSchema, ServiceValueSchema,
} from '../../../../shared/retention.js';
import { daysBetween } from '../days.js';
import { atRisk } from './at-risk.js';
import { customerValue } from './customer-value.js';
import { rebuildRetention, retentionSettings } from './refresh.js';
import { retentionCsv, retentionReport, serviceValue, serviceValueCsv } from './report.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const MAX_DAYS = 731;
const PeriodSchema = RetentionFiltersSchema.pick({ from: true, to: true, segmentId: true });

function checkPeriod(f: { from: string; to: string }) {
  const real = (d: string) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  if (!real(f.from) || !real(f.to)) throw badRequest('metrics.invalid_date', 'from and to must be real calendar days (yyyy-MM-dd)');
  if (f.to < f.from) throw badRequest('metrics.invalid_period', '"to" must not be before "from"');
  if (daysBetween(f.from, f.to) >= MAX_DAYS) throw badRequest('metrics.period_too_long', `A period spans at most ${MAX_DAYS} days`);
}

const csvHeaders = (name: string) => ({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });

/** Retention and value API: CRR/churn/CLV (+ CSV), service ↔ value (+ CSV), customers at risk, a customer's value, the activity window. */
export const retentionRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get('/metrics/retention', {
    config: { action: 'metrics:read' },
    schema: { tags: ['metrics'], summary: 'CRR, churn rate and CLV for a period, its previous period, a series and by channel of acquisition / segment', querystring: RetentionFiltersSchema, response: { 200: RetentionReportSchema, ...errors } },
  }, async (req) => {
    checkPeriod(req.query);
    return retentionReport(ctx.db, actorOf(req).workspaceId, req.query, ctx.readDb);
  });

  app.get('/metrics/retention.csv', {
    config: { action: 'metrics:read' },
    schema: { tags: ['metrics'], summary: 'The retention report as CSV (UTF-8 with BOM)', querystring: RetentionFiltersSchema },
  }, async (req, reply) => {
    checkPeriod(req.query);
    const actor = actorOf(req);
    const r = await retentionReport(ctx.db, actor.workspaceId, req.query, ctx.readDb);
    await recordReportExport(ctx.db, actor, 'retention', req.query);
    return reply.headers(csvHeaders(`retention-${req.query.from}-${req.query.to}.csv`)).send(retentionCsv(r));
  });

  app.get('/metrics/retention/service', {
    config: { action: 'metrics:read' },
    schema: { tags: ['metrics'], summary: 'Retention, churn and repeat purchase by the last CSAT and FRT the customer experienced', querystring: PeriodSchema, response: { 200: ServiceValueSchema, ...errors } },
  }, async (req) => {
    checkPeriod(req.query);
    return serviceValue(ctx.db, actorOf(req).workspaceId, req.query, ctx.readDb);
  });

  app.get('/metrics/retention/service.csv', {
    config: { action: 'metrics:read' },
    schema: { tags: ['metrics'], summary: 'Service ↔ value as CSV (UTF-8 with BOM)', querystring: PeriodSchema },
  }, async (req, reply) => {
    checkPeriod(req.query);
    const actor = actorOf(req);
    const r = await serviceValue(ctx.db, actor.workspaceId, req.query, ctx.readDb);
    await recordReportExport(ctx.db, actor, 'service_value', req.query);
    return reply.headers(csvHeaders(`service-value-${req.query.from}-${req.query.to}.csv`)).send(serviceValueCsv(r));
  });

  app.get('/metrics/retention/at-risk', {
    config: { action: 'metrics:read' },
    schema: { tags: ['metrics'], summary: 'Active customers likely to lapse, with their reasons (paginated)', querystring: AtRiskQuerySchema, response: { 200: AtRiskPageSchema, ...errors } },
  }, async (req) => atRisk(ctx.db, actorOf(req).workspaceId, req.query, new Date(), ctx.readDb));

  app.get('/metrics/retention/settings', {
    config: { action: 'metrics:read' },
    schema: { tags: ['metrics'], summary: 'The activity window (days) retention counts a customer active for after their last order', response: { 200: RetentionSettingsSchema, ...errors } },
  }, async (req) => ({ activityWindowDays: (await retentionSettings(ctx.db, actorOf(req).workspaceId)).windowDays }));

  app.put('/metrics/retention/settings', {
    config: { action: 'settings:manage' },
    schema: { tags: ['metrics'], summary: 'Changes the activity window and recomputes the retention rollups', body: RetentionSettingsSchema, response: { 200: RetentionSettingsSchema, ...errors } },
  }, async (req) => {
    const { workspaceId } = actorOf(req);
    await ctx.db.query(`UPDATE workspaces SET activity_window_days = $2 WHERE id = $1`, [workspaceId, req.body.activityWindowDays]);
    // Every span depends on the window: recompute all (batched; minutes at a million orders).
    await rebuildRetention(ctx.db, workspaceId);
    return { activityWindowDays: req.body.activityWindowDays };
  });

  app.get('/customers/:id/value', {
    config: { action: 'customers:read' },
    schema: { tags: ['customers'], summary: "A customer's lifetime value (net revenue to date), orders, first and last order, still active", params: z.object({ id: z.uuid() }), response: { 200: CustomerValueSchema, ...errors } },
  }, async (req) => customerValue(ctx.db, actorOf(req).workspaceId, req.params.id));
};
