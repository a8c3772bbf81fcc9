import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context.js';
import { badRequest } from '../../core/errors.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { LeaderboardSchema, MetricFiltersSchema } from '../../../shared/metrics.js';
import { daysBetween } from './days.js';
import { leaderboard } from './leaderboard.js';

const MAX_DAYS = 731;

/** The team leaderboard: every agent side by side (supervisors and admins; agents see only their own scorecard). */
export const leaderboardRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/metrics/leaderboard',
    {
      config: { action: 'metrics:read' },
      schema: {
        tags: ['metrics'],
        summary: "Every active agent's scorecard figures side by side for the period, with the workspace's",
        querystring: MetricFiltersSchema.pick({ from: true, to: true }),
        response: { 200: LeaderboardSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req) => {
      const { from, to } = req.query;
      if (to < from) throw badRequest('metrics.invalid_period', '"to" must not be before "from"');
      if (daysBetween(from, to) >= MAX_DAYS) throw badRequest('metrics.period_too_long', `A period spans at most ${MAX_DAYS} days`);
      return leaderboard(ctx.db, actorOf(req).workspaceId, { from, to }, ctx.readDb);
    },
  );
};
