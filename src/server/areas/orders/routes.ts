import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context.js';
import { ordersRoutes } from './orders.routes.js';

/** Every orders-area route module (mounted under /api). */
export const orderAreaRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  await app.register(ordersRoutes(ctx));
};
