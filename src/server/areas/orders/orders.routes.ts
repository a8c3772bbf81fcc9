import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { CustomerOrdersSchema, OrderCodeSchema, OrderListQuerySchema, OrderListSchema, OrderSchema, OrderSourceSchema, OrderUpsertResultSchema, OrderUpsertSchema } from '../../../shared/orders.js';
import { upsertOrder } from './commands/upsert-order.js';
import { customerOrders } from './queries/customer-orders.js';
import { listOrders } from './queries/list-orders.js';
import { getOrder } from './queries/load-orders.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const idParams = z.object({ id: z.string().uuid() });

/** Orders over the API: the idempotent upsert by (source, code), list/search, one order, a customer's orders. */
export const ordersRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.put(
    '/orders/:source/:code',
    {
      config: { action: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Create or update an order by the shop\'s own code (idempotent; an updatedAt not newer than the stored one changes nothing)',
        description: 'The customer is recognised by phone, email or the shop\'s customer code (kept as the identity external "<source>:<code>"), created when new. Every change of status is kept in the status history and is an event (order.status_changed).',
        params: z.object({ source: OrderSourceSchema, code: OrderCodeSchema }),
        body: OrderUpsertSchema,
        response: { 200: OrderUpsertResultSchema, 201: OrderUpsertResultSchema, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { outcome, orderId } = await upsertOrder(ctx.db, { workspaceId: actor.workspaceId, source: req.params.source, code: req.params.code, data: req.body, actor });
      const order = (await getOrder(ctx.db, actor.workspaceId, orderId))!;
      return reply.status(outcome === 'created' ? 201 : 200).send({ outcome, order });
    },
  );

  app.get(
    '/orders',
    {
      config: { action: 'orders:read' },
      schema: { tags: ['orders'], summary: 'Orders newest first (q: order code or its beginning, customer phone or name; customerId; status; open; source; kind; cursor)', querystring: OrderListQuerySchema, response: { 200: OrderListSchema, ...errors } },
    },
    async (req) => listOrders(ctx.db, actorOf(req).workspaceId, req.query),
  );

  app.get(
    '/orders/:id',
    { config: { action: 'orders:read' }, schema: { tags: ['orders'], summary: 'One order with its items and status history', params: idParams, response: { 200: z.object({ order: OrderSchema }), ...errors } } },
    async (req) => {
      const order = await getOrder(ctx.db, actorOf(req).workspaceId, req.params.id);
      if (!order) throw notFound('order');
      return { order };
    },
  );

  app.get(
    '/customers/:id/orders',
    {
      config: { action: 'orders:read' },
      schema: {
        tags: ['orders'],
        summary: 'A customer\'s orders: lifetime value (net revenue to date), latest and open orders with items and status history, warranties still running',
        params: idParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: CustomerOrdersSchema, ...errors },
      },
    },
    async (req) => customerOrders(ctx.db, actorOf(req).workspaceId, req.params.id, req.query.limit),
  );
};
