import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';

export const healthRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: { tags: ['system'], response: { 200: z.object({ ok: z.literal(true), database: z.enum(['embedded', 'postgres']) }) } },
    },
    async () => {
      await ctx.db.query('SELECT 1');
      return { ok: true as const, database: ctx.db.kind };
    },
  );
};
