import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { mergeCustomerProfiles } from './commands/merge-customer-profiles.js';
import { undoCustomerMerge } from './commands/undo-customer-merge.js';
import { actorOf } from '../../core/http/auth.js';
import { presentMerge } from './presenters.js';
import { listCustomerMerges } from './queries/list-customer-merges.js';
import { CustomerMergeSchema } from '../../../shared/customers.js';
import { ErrorSchema } from '../../../shared/common.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

/** Manual merge of two profiles, the merge history of a profile, and undo. */
export const customerMergesRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/customers/:id/merge',
    {
      config: { action: 'customers:merge' },
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
      const merge = await mergeCustomerProfiles(ctx.db, { workspaceId: actor.workspaceId, targetId: req.params.id, sourceId: req.body.sourceId, actor });
      return reply.status(201).send({ merge: presentMerge(merge) });
    },
  );

  app.get(
    '/customers/:id/merges',
    { config: { action: 'customers:read' }, schema: { tags: ['customers'], summary: 'Merges into or out of this customer, newest first', params: z.object({ id: z.string().uuid() }), response: { 200: z.object({ merges: z.array(CustomerMergeSchema) }), ...errors } } },
    async (req) => {
      const rows = await listCustomerMerges(ctx.db, actorOf(req).workspaceId, req.params.id);
      return { merges: rows.map(presentMerge) };
    },
  );

  app.post(
    '/customer-merges/:mergeId/undo',
    {
      config: { action: 'customers:merge' },
      schema: {
        tags: ['customers'],
        summary: 'Undo a merge: exactly the moved rows go back and the filled fields are restored (409 if already undone)',
        params: z.object({ mergeId: z.string().uuid() }),
        response: { 200: z.object({ merge: CustomerMergeSchema }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const merge = await undoCustomerMerge(ctx.db, { workspaceId: actor.workspaceId, mergeId: req.params.mergeId, actor });
      return { merge: presentMerge(merge) };
    },
  );
};

