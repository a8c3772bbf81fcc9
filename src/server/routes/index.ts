import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { healthRoutes } from './health/health.routes.js';
import { authRoutes } from './auth/auth.routes.js';

/** Every route module of the app, registered in one place. */
export async function registerRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx), { prefix: '/api' });
}
