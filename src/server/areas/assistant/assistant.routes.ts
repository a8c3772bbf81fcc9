import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { badRequest } from '../../core/errors.js';
import { ErrorSchema } from '../../../shared/common.js';
import {
  AssistantMetricsSchema, AssistantSettingsSchema, AssistantSettingsWriteSchema, DraftRequestSchema, EmbeddingsStatusSchema, EmbeddingsTestSchema, EndpointTestSchema,
} from '../../../shared/assistant.js';
import { embeddingStatus } from '../knowledge/index.js';
import { getTicket } from '../tickets/index.js';
import { assist } from './commands/assist.js';
import { endpointOf, loadSettingsRow, presentSettings, saveSettings } from './commands/settings.js';
import { chat, embed, LlmError } from './llm/client.js';
import { REEMBED_JOB } from './embeddings/embed-knowledge.js';
import { embeddingEndpoint } from './embeddings/endpoint.js';
import { assistantMetrics } from './queries/metrics.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['assistant'];

/** Whether a re-embed of the workspace waits or runs (false when the queue's table cannot be read). */
async function reembedPending(ctx: AppContext, workspaceId: string): Promise<boolean> {
  const pending = await ctx.db
    .maybeOne<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active') AND data->>'workspaceId' = $2`, [REEMBED_JOB, workspaceId])
    .catch(() => undefined);
  return (pending?.n ?? 0) > 0;
}

/** The model endpoint and AI agent settings, the endpoint test, suggestions for agents (streamed), the AI agent's figures. */
export const assistantRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get('/assistant/settings', { config: { action: 'settings:read' }, schema: { tags, summary: 'Model endpoint and AI agent settings (the API key is never returned)', response: { 200: AssistantSettingsSchema, ...errors } } }, async (req) =>
    presentSettings(ctx, await loadSettingsRow(ctx.db, actorOf(req).workspaceId)),
  );

  app.put(
    '/assistant/settings',
    { config: { action: 'assistant:manage' }, schema: { tags, summary: 'Save the settings; apiKey omitted keeps the stored one, empty removes it (sealed at rest)', body: AssistantSettingsWriteSchema, response: { 200: AssistantSettingsSchema, ...errors } } },
    async (req) => presentSettings(ctx, await saveSettings(ctx, actorOf(req), req.body)),
  );

  app.post(
    '/assistant/settings/test',
    { config: { action: 'assistant:manage' }, schema: { tags, summary: 'Ask the saved endpoint one short question (ok, the model’s reply or the error, time taken)', response: { 200: EndpointTestSchema, ...errors } } },
    async (req) => {
      const ep = endpointOf(ctx, await loadSettingsRow(ctx.db, actorOf(req).workspaceId));
      const t0 = performance.now();
      if (!ep) return { ok: false, model: null, reply: null, error: 'assistant.no_endpoint', ms: 0 };
      try {
        const r = await chat(ep, [{ role: 'user', content: 'Trả lời đúng một từ: "OK".' }], { maxTokens: 10 });
        return { ok: true, model: r.model ?? ep.model, reply: (r.content ?? '').slice(0, 200), error: null, ms: Math.round(performance.now() - t0) };
      } catch (err) {
        return { ok: false, model: ep.model, reply: null, error: err instanceof LlmError ? `${err.kind}: ${err.message}` : 'error', ms: Math.round(performance.now() - t0) };
      }
    },
  );

  app.get(
    '/assistant/embeddings',
    { config: { action: 'settings:read' }, schema: { tags, summary: 'The embedding model in use and how many articles are embedded by it (current with their text)', response: { 200: EmbeddingsStatusSchema, ...errors } } },
    async (req) => {
      const ws = actorOf(req).workspaceId;
      const ep = embeddingEndpoint(ctx, await loadSettingsRow(ctx.db, ws));
      const running = await reembedPending(ctx, ws);
      if (!ep) {
        const n = await ctx.db.one<{ n: string }>('SELECT count(*) AS n FROM kb_articles WHERE workspace_id = $1', [ws]);
        return { model: null, articles: Number(n.n), embedded: 0, passages: 0, lastEmbeddedAt: null, running };
      }
      const st = await embeddingStatus(ctx.db, ws, ep.model);
      return { model: ep.model, ...st, lastEmbeddedAt: st.lastEmbeddedAt?.toISOString() ?? null, running };
    },
  );

  app.post(
    '/assistant/embeddings/test',
    { config: { action: 'assistant:manage' }, schema: { tags, summary: 'Embed one sample sentence with the saved endpoint’s /v1/embeddings (ok, vector size or the error, time taken)', response: { 200: EmbeddingsTestSchema, ...errors } } },
    async (req) => {
      const ep = embeddingEndpoint(ctx, await loadSettingsRow(ctx.db, actorOf(req).workspaceId));
      if (!ep) return { ok: false, model: null, dimensions: null, error: 'assistant.no_embeddings', ms: 0 };
      const t0 = performance.now();
      try {
        const [v] = await embed(ep, ['Chính sách đổi trả trong 7 ngày']);
        return { ok: true, model: ep.model, dimensions: v?.length ?? 0, error: null, ms: Math.round(performance.now() - t0) };
      } catch (err) {
        return { ok: false, model: ep.model, dimensions: null, error: err instanceof LlmError ? `${err.kind}: ${err.message}` : 'error', ms: Math.round(performance.now() - t0) };
      }
    },
  );

  app.post(
    '/assistant/embeddings/reembed',
    { config: { action: 'assistant:manage' }, schema: { tags, summary: 'Embed every article again, as a background job (400 assistant.no_embeddings when they are off)', response: { 202: z.object({ queued: z.boolean() }), ...errors } } },
    async (req, reply) => {
      const ws = actorOf(req).workspaceId;
      if (!embeddingEndpoint(ctx, await loadSettingsRow(ctx.db, ws))) throw badRequest('assistant.no_embeddings', 'Embeddings are off or there is no model endpoint');
      // One pending re-embed per workspace: a second click while one waits changes nothing. (A singletonKey
      // alone does not dedupe on pg-boss 10's standard queues, so the queue is asked first.)
      if (await reembedPending(ctx, ws)) return reply.code(202).send({ queued: false });
      const id = await ctx.jobs.send(REEMBED_JOB, { workspaceId: ws }, { singletonKey: `${REEMBED_JOB}:${ws}` });
      return reply.code(202).send({ queued: id !== null });
    },
  );

  app.post(
    '/assistant/tickets/:id/assist',
    {
      config: { action: 'assistant:use' },
      schema: {
        tags,
        summary: 'A suggestion for the agent (draft, summary, rewrite) as Server-Sent Events: {type:"delta",text} … {type:"done",source,articles}; never sent to the customer',
        params: z.object({ id: z.string().uuid() }),
        body: DraftRequestSchema,
      },
    },
    async (req, reply) => {
      const ws = actorOf(req).workspaceId;
      await getTicket(ctx.db, ws, req.params.id);
      const ctrl = new AbortController();
      req.raw.on('close', () => ctrl.abort());
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
      try {
        for await (const chunk of assist(ctx, ws, req.params.id, req.body, ctrl.signal)) reply.raw.write(`data: ${JSON.stringify(chunk)}\n\n`);
      } catch {
        reply.raw.write(`data: ${JSON.stringify({ type: 'error' })}\n\n`);
      }
      reply.raw.end();
    },
  );

  app.get(
    '/assistant/metrics',
    { config: { action: 'metrics:read' }, schema: { tags, summary: 'AI agent: resolution rate, hand-off rate (and reasons), AI messages, CSAT of AI-handled conversations, in [from, to)', querystring: z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() }), response: { 200: AssistantMetricsSchema, ...errors } } },
    async (req) => {
      const to = req.query.to ?? new Date();
      const from = req.query.from ?? new Date(to.getTime() - 30 * 86_400_000);
      return assistantMetrics(ctx.db, actorOf(req).workspaceId, from, to);
    },
  );
};
