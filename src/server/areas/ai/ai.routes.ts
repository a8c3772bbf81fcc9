import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import {
  AI_FIELDS,
  AiFieldSchema,
  AiFieldSettingsWriteSchema,
  AiSettingsSchema,
  COLD_START_MIN_PER_CLASS,
  MessageSentimentSchema,
  TicketPredictionSchema,
  type AiSettings,
  type Sentiment,
} from '../../../shared/ai.js';
import { fieldSettings, saveFieldSetting } from './commands/settings.js';
import { ticketPredictions, undoPrediction } from './commands/predict-ticket.js';
import { setPredictionDismissed } from './commands/dismiss-prediction.js';
import { TRAIN_JOB } from './jobs.js';
import { modelReports } from './store.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const tags = ['ai'];
const ticketParams = z.object({ ticketId: z.string().uuid() });

/** Whether a training of the workspace waits or runs (false when the queue's table cannot be read). */
async function trainingPending(ctx: AppContext, workspaceId: string): Promise<boolean> {
  const pending = await ctx.db
    .maybeOne<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active') AND data->>'workspaceId' = $2`, [TRAIN_JOB, workspaceId])
    .catch(() => undefined);
  return (pending?.n ?? 0) > 0;
}

async function settingsOf(ctx: AppContext, workspaceId: string): Promise<AiSettings> {
  const [settings, reports, statuses, pending] = await Promise.all([
    fieldSettings(ctx.db, workspaceId),
    modelReports(ctx.db, workspaceId),
    ctx.db.query<{ kind: string; status: 'trained' | 'not_enough_data' | 'failed'; detail: { examples?: number; message?: string | null }; attempted_at: Date }>(
      'SELECT kind, status, detail, attempted_at FROM ai_training_status WHERE workspace_id = $1',
      [workspaceId],
    ),
    trainingPending(ctx, workspaceId),
  ]);
  const statusOf = (kind: string) => {
    const s = statuses.find((x) => x.kind === kind);
    return s ? { status: s.status, attemptedAt: new Date(s.attempted_at).toISOString(), examples: Number(s.detail.examples ?? 0), message: s.detail.message ?? null } : null;
  };
  return {
    fields: AI_FIELDS.map((field) => {
      const model = reports.get(field) ?? null;
      const ready = model ? model.classes.filter((c) => c.support >= COLD_START_MIN_PER_CLASS).length : 0;
      return { field, mode: settings[field].mode, threshold: settings[field].threshold, model, lastAttempt: statusOf(field), coldStart: ready < 2 };
    }),
    sentiment: { source: reports.has('sentiment') ? 'workspace' : 'default', model: reports.get('sentiment') ?? null },
    coldStartMinPerClass: COLD_START_MIN_PER_CLASS,
    training: pending,
  };
}

/** AI settings (per field mode, threshold, model reports), train now, a ticket's predictions and undo, message sentiments. */
export const aiRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get('/ai/settings', { config: { action: 'settings:read' }, schema: { tags, summary: 'Per field mode and threshold, the models’ cross-validated reports, cold-start status', response: { 200: AiSettingsSchema, ...errors } } }, async (req) =>
    settingsOf(ctx, actorOf(req).workspaceId),
  );

  app.put(
    '/ai/settings/:field',
    {
      config: { action: 'settings:manage' },
      schema: { tags, summary: 'Set one field’s mode (off / suggest / auto) and auto-apply confidence', params: z.object({ field: AiFieldSchema }), body: AiFieldSettingsWriteSchema, response: { 200: AiSettingsSchema, ...errors } },
    },
    async (req) => {
      const actor = actorOf(req);
      await saveFieldSetting(ctx.db, actor, req.params.field, req.body);
      return settingsOf(ctx, actor.workspaceId);
    },
  );

  app.post('/ai/train', { config: { action: 'settings:manage' }, schema: { tags, summary: 'Train the workspace’s models now (a background job)', response: { 202: z.object({ queued: z.boolean() }), ...errors } } }, async (req, reply) => {
    const ws = actorOf(req).workspaceId;
    // One pending training per workspace: a second click while one waits changes nothing. (A singletonKey
    // alone does not dedupe on pg-boss 10's standard queues, so the queue is asked first.)
    if (await trainingPending(ctx, ws)) return reply.code(202).send({ queued: false });
    const id = await ctx.jobs.send(TRAIN_JOB, { workspaceId: ws }, { singletonKey: `ai.train:${ws}` });
    return reply.code(202).send({ queued: id !== null });
  });

  app.get(
    '/ai/tickets/:ticketId/predictions',
    { config: { action: 'tickets:read' }, schema: { tags, summary: 'The AI’s predictions for a ticket’s fields, with confidence and whether they were applied', params: ticketParams, response: { 200: z.object({ items: z.array(TicketPredictionSchema) }), ...errors } } },
    async (req) => ({
      items: (await ticketPredictions(ctx.db, actorOf(req).workspaceId, req.params.ticketId)).map((p) => ({
        field: p.field,
        label: p.label,
        confidence: Number(p.confidence),
        state: p.state as 'suggested',
        previousValue: p.previous_value,
        modelVersion: Number(p.model_version),
        createdAt: new Date(p.created_at).toISOString(),
        dismissedAt: p.dismissed_at ? new Date(p.dismissed_at).toISOString() : null,
      })),
    }),
  );

  app.post(
    '/ai/tickets/:ticketId/predictions/:field/undo',
    {
      config: { action: 'tickets:write' },
      schema: { tags, summary: 'Undo an auto-applied prediction (404 ai.nothing_to_undo, 409 ai.changed_since)', params: ticketParams.extend({ field: AiFieldSchema }), response: { 204: z.null(), ...errors } },
    },
    async (req, reply) => {
      await undoPrediction(ctx.db, actorOf(req), req.params.ticketId, req.params.field);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/ai/tickets/:ticketId/predictions/:field/dismissed',
    {
      config: { action: 'tickets:write' },
      schema: {
        tags,
        summary: 'Dismiss the AI’s suggestion for a field of a ticket for everyone (dismissed: true), or take that back (false); 404 ai.no_suggestion',
        params: ticketParams.extend({ field: AiFieldSchema }),
        body: z.object({ dismissed: z.boolean() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await setPredictionDismissed(ctx.db, actorOf(req), req.params.ticketId, req.params.field, req.body.dismissed);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/ai/tickets/:ticketId/sentiments',
    { config: { action: 'tickets:read' }, schema: { tags, summary: 'Sentiment of each customer message of a ticket', params: ticketParams, response: { 200: z.object({ items: z.array(MessageSentimentSchema) }), ...errors } } },
    async (req) => {
      const rows = await ctx.db.query<{ message_id: string; sentiment: Sentiment; score: number; confidence: number }>(
        'SELECT message_id, sentiment, score, confidence FROM message_sentiments WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY created_at',
        [actorOf(req).workspaceId, req.params.ticketId],
      );
      return { items: rows.map((r) => ({ messageId: r.message_id, sentiment: r.sentiment, score: Number(r.score), confidence: Number(r.confidence) })) };
    },
  );
};
