import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { OrderImportResultSchema, OrderSourceSchema } from '../../../shared/orders.js';
import { importOrders } from './commands/import-orders.js';

/** Largest CSV the import route accepts (~150k order lines); bigger files go through the CLI. */
export const ORDER_IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

/** POST /api/orders/import: a CSV of orders (text/csv only). The text/csv parser is scoped to this plugin. */
export const orderCsvRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: ORDER_IMPORT_LIMIT_BYTES }, (_req, body, done) => done(null, body));

  app.post(
    '/orders/import',
    {
      config: { action: 'orders:write' },
      bodyLimit: ORDER_IMPORT_LIMIT_BYTES,
      // Only a CSV: Fastify also parses text/plain, which a form on another page can send (enctype="text/plain").
      preValidation: async (req) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'text/csv' && type !== 'application/csv') throw new AppError(415, 'orders.import_not_csv', 'Send the file as CSV (Content-Type: text/csv)');
      },
      schema: {
        tags: ['orders'],
        summary: 'Import orders from CSV (Content-Type: text/csv): one row per order or per line item; columns in the README; re-import changes nothing',
        querystring: z.object({ source: OrderSourceSchema.default('csv') }),
        body: z.string(),
        response: { 200: OrderImportResultSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return importOrders(ctx.db, { workspaceId: actor.workspaceId, source: req.query.source, csv: req.body, actor });
    },
  );
};
