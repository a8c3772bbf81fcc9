import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context.js';
import { orderCsvRoutes } from './orders-csv.routes.js';
import { ordersRoutes } from './orders.routes.js';
import { orderWebhooksRoutes } from './order-webhooks.routes.js';
import { orderWebhookRoutes } from './webhooks.routes.js';

/** Every orders-area route module (mounted under /api). */
export const orderAreaRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  // The CSV import first: /orders/import must not be taken for /orders/:id.
  await app.register(orderCsvRoutes(ctx));
  await app.register(ordersRoutes(ctx));
  await app.register(orderWebhooksRoutes(ctx));
  // Public, signed: their own scope keeps the raw body for the signature.
  await app.register(orderWebhookRoutes(ctx));
};
