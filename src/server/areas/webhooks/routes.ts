import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import {
  WebhookDeliveryDetailSchema,
  WebhookDeliveryListQuerySchema,
  WebhookDeliverySchema,
  WebhookSubscriptionInputSchema,
  WebhookSubscriptionSchema,
  WebhookSubscriptionWithSecretSchema,
} from '../../../shared/webhooks.js';
import { createSubscription, deleteSubscription, resendDelivery, revealSecret, rotateSecret, setSubscriptionPaused, updateSubscription } from './commands/subscriptions.js';
import { presentSubscription } from './presenters.js';
import { webhookDelivery } from './queries/deliveries.js';
import { getSubscription, listDeliveries, listSubscriptions } from './queries/subscriptions.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const idParams = z.object({ id: z.string().uuid() });
const tags = ['webhooks'];
const one = z.object({ subscription: WebhookSubscriptionSchema });
const page = z.object({ items: z.array(WebhookDeliverySchema), nextBefore: z.string().nullable() });
// Webhooks send the workspace's data to other servers: admins only, like the other settings.
const config = { action: 'settings:manage' } as const;

/** Settings → Webhooks: subscriptions (secret shown on creation and rotation, revealable), pause/resume, the delivery log and re-send. */
export const webhooksRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  const present = async (ws: string, id: string) => ({ subscription: presentSubscription(await getSubscription(ctx.db, ws, id)) });

  app.get('/webhooks/subscriptions', { config, schema: { tags, summary: 'Webhook subscriptions with their last delivery', response: { 200: z.object({ items: z.array(WebhookSubscriptionSchema) }), ...errors } } }, async (req) => ({
    items: (await listSubscriptions(ctx.db, actorOf(req).workspaceId)).map(presentSubscription),
  }));

  app.post(
    '/webhooks/subscriptions',
    { config, schema: { tags, summary: 'Subscribe a URL to event types (400 webhooks.url_not_allowed for non-http(s) or private addresses); the signing secret is in the answer', body: WebhookSubscriptionInputSchema, response: { 201: WebhookSubscriptionWithSecretSchema, ...errors } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { row, secret } = await createSubscription(ctx, actor, req.body);
      return reply.code(201).send({ ...(await present(actor.workspaceId, row.id)), secret });
    },
  );

  app.get('/webhooks/subscriptions/:id', { config, schema: { tags, summary: 'One subscription', params: idParams, response: { 200: one, ...errors } } }, async (req) => present(actorOf(req).workspaceId, req.params.id));

  app.put('/webhooks/subscriptions/:id', { config, schema: { tags, summary: 'Change a subscription’s name, URL or event types', params: idParams, body: WebhookSubscriptionInputSchema, response: { 200: one, ...errors } } }, async (req) => {
    const actor = actorOf(req);
    await updateSubscription(ctx, actor, req.params.id, req.body);
    return present(actor.workspaceId, req.params.id);
  });

  app.delete('/webhooks/subscriptions/:id', { config, schema: { tags, summary: 'Remove a subscription and its delivery log', params: idParams, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await deleteSubscription(ctx, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/webhooks/subscriptions/:id/rotate-secret', { config, schema: { tags, summary: 'A new signing secret (the old one stops at once)', params: idParams, response: { 200: WebhookSubscriptionWithSecretSchema, ...errors } } }, async (req) => {
    const actor = actorOf(req);
    const { secret } = await rotateSecret(ctx, actor, req.params.id);
    return { ...(await present(actor.workspaceId, req.params.id)), secret };
  });

  app.post('/webhooks/subscriptions/:id/reveal-secret', { config, schema: { tags, summary: 'The signing secret (recorded in the audit log)', params: idParams, response: { 200: z.object({ secret: z.string() }), ...errors } } }, async (req) => ({
    secret: await revealSecret(ctx, actorOf(req), req.params.id),
  }));

  for (const [verb, paused] of [['pause', true], ['resume', false]] as const) {
    app.post(`/webhooks/subscriptions/:id/${verb}`, { config, schema: { tags, summary: paused ? 'Pause: no deliveries for new events' : 'Resume (clears the failure count)', params: idParams, response: { 200: one, ...errors } } }, async (req) => {
      const actor = actorOf(req);
      await setSubscriptionPaused(ctx, actor, req.params.id, paused);
      return present(actor.workspaceId, req.params.id);
    });
  }

  app.get('/webhooks/subscriptions/:id/deliveries', { config, schema: { tags, summary: 'A subscription’s deliveries, newest first (page with before=<last id>)', params: idParams, querystring: WebhookDeliveryListQuerySchema, response: { 200: page, ...errors } } }, async (req) => {
    const ws = actorOf(req).workspaceId;
    await getSubscription(ctx.db, ws, req.params.id);
    return listDeliveries(ctx.db, ws, { subscriptionId: req.params.id, ...req.query });
  });

  app.get('/webhooks/workflow-deliveries', { config, schema: { tags, summary: 'The workflows’ webhook calls, newest first', querystring: WebhookDeliveryListQuerySchema, response: { 200: page, ...errors } } }, async (req) =>
    listDeliveries(ctx.db, actorOf(req).workspaceId, { subscriptionId: null, ...req.query }),
  );

  app.get('/webhooks/deliveries/:id', { config, schema: { tags, summary: 'One delivery: its body and every attempt (status, answer excerpt, duration)', params: idParams, response: { 200: z.object({ delivery: WebhookDeliveryDetailSchema }), ...errors } } }, async (req) => {
    const d = await webhookDelivery(ctx.db, actorOf(req).workspaceId, req.params.id);
    if (!d) throw notFound('Webhook delivery', 'webhooks.delivery_not_found');
    return { delivery: d };
  });

  app.post('/webhooks/deliveries/:id/resend', { config, schema: { tags, summary: 'Send a finished delivery again (a new delivery, same body; 409 webhooks.delivery_pending while it is still being attempted)', params: idParams, response: { 201: z.object({ delivery: WebhookDeliveryDetailSchema }), ...errors } } }, async (req, reply) => {
    const ws = actorOf(req).workspaceId;
    const id = await resendDelivery(ctx, actorOf(req), req.params.id);
    return reply.code(201).send({ delivery: (await webhookDelivery(ctx.db, ws, id))! });
  });
};
