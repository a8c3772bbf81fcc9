import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { AlertCheckSchema, AlertSchema } from '../../../shared/metrics.js';
import { alertChecks } from './alerts/checks.js';
import { acknowledgeAlert, listAlerts, loadAlert } from './alerts/queries.js';
import { runDetection } from './alerts/run.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const list = z.object({ alerts: z.array(AlertSchema) });

export const alertsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/alerts',
    {
      // Everyone who may manage alerts may also read metrics, so reading them needs only that.
      config: { action: 'metrics:read' },
      schema: {
        tags: ['metrics'],
        summary: 'Early-warning alerts (a measure of a scope significantly worse than its own baseline), newest activity first',
        querystring: z.object({ status: z.enum(['open', 'acknowledged', 'resolved']).optional() }),
        response: { 200: list, ...errors },
      },
    },
    async (req) => {
      return { alerts: await listAlerts(ctx.db, actorOf(req).workspaceId, req.query.status) };
    },
  );

  app.get(
    '/alerts/checks',
    {
      config: { action: 'metrics:read' },
      schema: {
        tags: ['metrics'],
        summary: 'Why early warning is quiet or not: every watched measure of the workspace, last 7 days vs the 28 before, with n, p (corrected) and the verdict',
        response: { 200: z.object({ checks: z.array(AlertCheckSchema) }), ...errors },
      },
    },
    async (req) => {
      return { checks: await alertChecks(ctx.db, actorOf(req).workspaceId) };
    },
  );

  app.post(
    '/alerts/:id/acknowledge',
    {
      config: { action: 'alerts:manage' },
      schema: {
        tags: ['metrics'],
        summary: 'Acknowledge an alert (someone is on it); it still resolves by itself when the measure is back to normal',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ alert: AlertSchema }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return { alert: await acknowledgeAlert(ctx.db, actor.workspaceId, req.params.id, actor) };
    },
  );

  app.post(
    '/alerts/run',
    {
      config: { action: 'alerts:run' },
      schema: {
        tags: ['metrics'],
        summary: 'Run early-warning detection now for this workspace; returns the alerts it raised',
        response: {
          200: z.object({
            raised: z.array(AlertSchema),
            updated: z.number().int(),
            resolved: z.number().int(),
            suppressed: z.number().int(),
            tested: z.number().int(),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const r = await runDetection(ctx, actor.workspaceId);
      const raised = await Promise.all(r.raised.map((a) => loadAlert(ctx.db, actor.workspaceId, a.id)));
      return { raised: raised.filter((a) => a !== undefined), updated: r.updated, resolved: r.resolved, suppressed: r.suppressed, tested: r.tested };
    },
  );
};
