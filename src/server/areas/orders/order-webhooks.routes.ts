import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { OrderWebhookCreateSchema, OrderWebhookCreatedSchema, OrderWebhookPatchSchema, OrderWebhookSchema } from '../../../shared/orders.js';
import { createOrderWebhook, deleteOrderWebhook, listOrderWebhooks, presentOrderWebhook, updateOrderWebhook } from './commands/order-webhooks.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const idParams = z.object({ id: z.string().uuid() });

/** Settings: the shop platforms connected by webhook (KiotViet, Haravan, the generic signed webhook), their URL and secret. */
export const orderWebhooksRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/order-webhooks',
    { config: { action: 'settings:manage' }, schema: { tags: ['orders'], summary: 'Connected order webhooks (no secrets)', response: { 200: z.object({ items: z.array(OrderWebhookSchema) }), ...errors } } },
    async (req) => ({ items: (await listOrderWebhooks(ctx.db, actorOf(req).workspaceId)).map(presentOrderWebhook) }),
  );

  app.post(
    '/order-webhooks',
    {
      config: { action: 'settings:manage' },
      schema: {
        tags: ['orders'],
        summary: 'Connect a platform: its URL path and signing secret (generated when not given, shown once); see docs/orders-webhooks.md',
        body: OrderWebhookCreateSchema,
        response: { 201: OrderWebhookCreatedSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { row, generatedSecret } = await createOrderWebhook(ctx, actorOf(req).workspaceId, req.body);
      return reply.status(201).send({ webhook: presentOrderWebhook(row), signingSecret: generatedSecret });
    },
  );

  app.patch(
    '/order-webhooks/:id',
    { config: { action: 'settings:manage' }, schema: { tags: ['orders'], summary: 'Turn on/off, or replace the signing secret', params: idParams, body: OrderWebhookPatchSchema, response: { 200: z.object({ webhook: OrderWebhookSchema }), ...errors } } },
    async (req) => ({ webhook: presentOrderWebhook(await updateOrderWebhook(ctx, actorOf(req).workspaceId, req.params.id, req.body)) }),
  );

  app.delete(
    '/order-webhooks/:id',
    { config: { action: 'settings:manage' }, schema: { tags: ['orders'], summary: 'Disconnect (its URL stops working)', params: idParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await deleteOrderWebhook(ctx, actorOf(req).workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
