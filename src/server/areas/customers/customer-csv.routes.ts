import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { importCustomers } from './commands/import-customers.js';
import { actorOf } from '../../core/http/auth.js';
import { AppError } from '../../core/errors.js';
import { exportCustomersCsv } from './queries/export-customers.js';
import { recordCustomersExport } from './commands/record-export.js';
import { CustomerImportResultSchema, CustomerListQuerySchema } from '../../../shared/customers.js';
import { ErrorSchema } from '../../../shared/common.js';

/** Largest CSV the import route accepts (~100k customers); bigger files go through the CLI. */
export const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

/** CSV import (text/csv body) and streamed export. The text/csv parser is scoped to this plugin. */
export const customerCsvRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: IMPORT_LIMIT_BYTES }, (_req, body, done) => done(null, body));

  app.post(
    '/customers/import',
    {
      config: { action: 'customers:import' },
      bodyLimit: IMPORT_LIMIT_BYTES,
      // Only a CSV: Fastify also parses text/plain, which a form on another page can send (enctype="text/plain").
      preValidation: async (req) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'text/csv' && type !== 'application/csv') {
          throw new AppError(415, 'customers.import_not_csv', 'Send the file as CSV (Content-Type: text/csv)');
        }
      },
      schema: {
        tags: ['customers'],
        summary: 'Import customers from CSV (Content-Type: text/csv); matches on phone then email; re-import changes nothing',
        body: z.string(),
        response: { 200: CustomerImportResultSchema, 400: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return importCustomers(ctx.db, { workspaceId: actor.workspaceId, csv: req.body, actor });
    },
  );

  app.get(
    '/customers/export.csv',
    {
      config: { action: 'customers:export' },
      schema: {
        tags: ['customers'],
        summary: 'Live customers as CSV (UTF-8 with BOM, streamed); optional q, tag, stage filters as in the list',
        querystring: CustomerListQuerySchema.pick({ q: true, tag: true, stage: true }),
      },
    },
    async (req, reply) => {
      const stream = await exportCustomersCsv(ctx.readDb, actorOf(req).workspaceId, req.query);
      await recordCustomersExport(ctx.db, actorOf(req), { ...req.query });
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="customers-${day}.csv"`)
        .send(stream);
    },
  );
};
