import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

export const answersRoutes = (_ctx: AppContext): FastifyPluginAsyncZod => async () => {};
