import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';

export const healthRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        response: {
          200: z.object({
            ok: z.literal(true),
            database: z.enum(['embedded', 'postgres']),
            // Only with DATABASE_REPLICA_URL: where reports read, and its replay delay (null: it does not answer; reports then read the primary).
            replica: z.object({ lagSeconds: z.number().nullable() }).optional(),
          }),
        },
      },
    },
    async () => {
      await ctx.db.query('SELECT 1');
      if (ctx.readDb.source !== 'replica') return { ok: true as const, database: ctx.db.kind };
      const lag = await ctx.readDb.lag();
      return { ok: true as const, database: ctx.db.kind, replica: { lagSeconds: lag.seconds } };
    },
  );
};
