import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { mergeCustomers, undoMerge } from './commands/merge-customers.js';
import { notFound } from '../../core/errors.js';
import { actorOf } from '../../core/http/auth.js';
import { authorize } from '../../core/http/policies.js';
import { presentMerge } from './presenters.js';
import { CustomerMergeSchema, ErrorSchema } from '../../../shared/api.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

/** Manual merge of two profiles, the merge history of a profile, and undo. */
export const customerMergesRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/customers/:id/merge',
    {
      schema: {
        tags: ['customers'],
        summary: 'Merge sourceId into this customer (tickets, messages, notes, identities move; empty fields are filled)',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ sourceId: z.string().uuid() }),
        response: { 201: z.object({ merge: CustomerMergeSchema }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'customers:merge');
      const merge = await ctx.db.tx((tx) =>
        mergeCustomers(tx, { workspaceId: actor.workspaceId, targetId: req.params.id, sourceId: req.body.sourceId, reason: 'manual', actor }),
      );
      return reply.status(201).send({ merge: presentMerge(merge) });
    },
  );

  app.get(
    '/customers/:id/merges',
    { schema: { tags: ['customers'], summary: 'Merges into or out of this customer, newest first', params: z.object({ id: z.string().uuid() }), response: { 200: z.object({ merges: z.array(CustomerMergeSchema) }), ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers:read');
      const exists = await ctx.db.maybeOne('SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2', [actor.workspaceId, req.params.id]);
      if (!exists) throw notFound('customer');
      const rows = await ctx.db.query(
        `SELECT g.*, s.name AS source_name, t.name AS target_name, u.name AS merged_by_name
         FROM customer_merges g
         JOIN customers s ON s.id = g.source_id
         JOIN customers t ON t.id = g.target_id
         LEFT JOIN users u ON u.id = g.merged_by
         WHERE g.workspace_id = $1 AND (g.target_id = $2 OR g.source_id = $2) ORDER BY g.created_at DESC, g.id DESC LIMIT 200`,
        [actor.workspaceId, req.params.id],
      );
      return { merges: rows.map(presentMerge) };
    },
  );

  app.post(
    '/customer-merges/:mergeId/undo',
    {
      schema: {
        tags: ['customers'],
        summary: 'Undo a merge: exactly the moved rows go back and the filled fields are restored (409 if already undone)',
        params: z.object({ mergeId: z.string().uuid() }),
        response: { 200: z.object({ merge: CustomerMergeSchema }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers:merge');
      const merge = await ctx.db.tx((tx) => undoMerge(tx, { workspaceId: actor.workspaceId, mergeId: req.params.mergeId, actor }));
      return { merge: presentMerge(merge) };
    },
  );
};

