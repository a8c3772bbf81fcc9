import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { badRequest, forbidden } from '../../core/errors.js';
import { actorOf } from '../../core/http/auth.js';
import { recordReportExport } from './record-export.js';
import { can } from '../../core/http/policies.js';
import { ErrorSchema } from '../../../shared/common.js';
import {
  BreakdownSchema, DimensionSchema, GranularitySchema, LiveViewSchema, MeasureKeySchema, MetricFiltersSchema, OverviewGranularitySchema, OverviewSchema, ScorecardSchema,
  type MetricFilters,
} from '../../../shared/metrics.js';
import { breakdown, breakdownCsv, liveView, overview, scorecard } from './reports.js';
import { daysBetween } from './days.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const MAX_DAYS = 731;
const ByQuery = z.object({ by: z.union([DimensionSchema, GranularitySchema]).default('day') });
const MeasureParams = z.object({ measure: MeasureKeySchema });

/** A real calendar period, from ≤ to, at most two years (the previous period doubles what is read). */
function checkPeriod(f: Pick<MetricFilters, 'from' | 'to'>) {
  const real = (d: string) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  if (!real(f.from) || !real(f.to)) throw badRequest('metrics.invalid_date', 'from and to must be real calendar days (yyyy-MM-dd)');
  if (f.to < f.from) throw badRequest('metrics.invalid_period', '"to" must not be before "from"');
  if (daysBetween(f.from, f.to) >= MAX_DAYS) throw badRequest('metrics.period_too_long', `A period spans at most ${MAX_DAYS} days`);
}

/** Metrics API (for the dashboards and BI tools): KPI overview, breakdowns + CSV, agent scorecards, live view. */
export const metricsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/metrics/overview',
    {
      config: { action: 'metrics:read' },
      schema: {
        tags: ['metrics'],
        summary: 'KPI cards: every measure for the period and the previous period of the same length, with a series',
        // Without a granularity: 'auto' (days, or weeks when days hold too few observations to read).
        querystring: MetricFiltersSchema.extend({ granularity: OverviewGranularitySchema.default('auto') }),
        response: { 200: OverviewSchema, ...errors },
      },
    },
    async (req) => {
      const { granularity, ...f } = req.query;
      checkPeriod(f);
      return overview(ctx.db, actorOf(req).workspaceId, f, granularity, ctx.readDb);
    },
  );

  app.get(
    '/metrics/measures/:measure.csv',
    {
      config: { action: 'metrics:read' },
      schema: {
        tags: ['metrics'],
        summary: 'The breakdown table of a measure as CSV (UTF-8 with BOM; cells that would run as formulas are quoted)',
        params: MeasureParams,
        querystring: MetricFiltersSchema.extend(ByQuery.shape),
      },
    },
    async (req, reply) => {
      const { by, ...f } = req.query;
      checkPeriod(f);
      const actor = actorOf(req);
      const b = await breakdown(ctx.db, actor.workspaceId, req.params.measure, f, by, ctx.readDb);
      await recordReportExport(ctx.db, actor, `measure:${b.measure}`, req.query, b.rows.length);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${b.measure}-by-${b.by}-${f.from}-${f.to}.csv"`)
        .send(breakdownCsv(b));
    },
  );

  app.get(
    '/metrics/measures/:measure',
    {
      config: { action: 'metrics:read' },
      schema: {
        tags: ['metrics'],
        summary: 'A measure broken down by a dimension (channel, team, agent, category, priority, tag) or by day/week/month, with the previous period',
        params: MeasureParams,
        querystring: MetricFiltersSchema.extend(ByQuery.shape),
        response: { 200: BreakdownSchema, ...errors },
      },
    },
    async (req) => {
      const { by, ...f } = req.query;
      checkPeriod(f);
      return breakdown(ctx.db, actorOf(req).workspaceId, req.params.measure, f, by, ctx.readDb);
    },
  );

  app.get(
    '/metrics/agents/:id/scorecard',
    {
      config: { action: 'metrics:read_own' },
      schema: {
        tags: ['metrics'],
        summary: "An agent's scorecard (agents may read their own only)",
        params: z.object({ id: z.uuid() }),
        querystring: MetricFiltersSchema.pick({ from: true, to: true }).extend({ granularity: GranularitySchema.default('day') }),
        response: { 200: ScorecardSchema, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      // 'metrics:read_own' (the route's action) lets agents in; whose scorecard depends on the path.
      const own = actor.kind === 'user' && actor.id === req.params.id;
      if (!own && !can(actor, 'metrics:read')) throw forbidden('You can only see your own scorecard');
      const { granularity, ...f } = req.query;
      checkPeriod(f);
      return scorecard(ctx.db, actor.workspaceId, req.params.id, f, granularity, ctx.readDb);
    },
  );

  app.get(
    '/metrics/data-lag',
    {
      config: { action: 'metrics:read' },
      schema: {
        tags: ['metrics'],
        summary: 'Where reports and exports read (the read replica when DATABASE_REPLICA_URL is set) and how many seconds its data is behind (null: the replica does not answer, reports read the primary)',
        response: { 200: z.object({ source: z.enum(['primary', 'replica']), seconds: z.number().nullable() }), ...errors },
      },
    },
    async () => ctx.readDb.lag(),
  );

  app.get(
    '/metrics/live',
    {
      config: { action: 'metrics:read' },
      schema: {
        tags: ['metrics'],
        summary: 'Live view: open and unassigned tickets, customers waiting for a reply (since when), agents online with their open tickets',
        response: { 200: LiveViewSchema, ...errors },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      return liveView(ctx.db, workspaceId, ctx.realtime.onlineUserIds(workspaceId));
    },
  );
};
