import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { createCannedReply, deleteCannedReply, renderCannedReply, updateCannedReply } from './commands/canned-replies.js';
import { actorOf } from '../../core/http/auth.js';
import { authorize } from '../../core/http/policies.js';
import { presentCannedReply } from './presenters/canned-reply.js';
import {
  CannedReplyCreateSchema,
  CannedReplyPatchSchema,
  CannedReplyRenderResultSchema,
  CannedReplyRenderSchema,
  CannedReplySchema,
  ErrorSchema,
} from '../../../shared/api.js';

const params = z.object({ id: z.uuid() });
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const one = z.object({ cannedReply: CannedReplySchema });

export const cannedRepliesRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/canned-replies',
    { schema: { tags: ['canned replies'], summary: 'Canned replies of the workspace, by shortcut', response: { 200: z.object({ cannedReplies: z.array(CannedReplySchema) }), 403: ErrorSchema } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'canned:read');
      const rows = await ctx.db.query('SELECT * FROM canned_replies WHERE workspace_id = $1 ORDER BY shortcut', [actor.workspaceId]);
      return { cannedReplies: rows.map(presentCannedReply) };
    },
  );

  app.post(
    '/canned-replies',
    { schema: { tags: ['canned replies'], body: CannedReplyCreateSchema, response: { 201: one, ...errors } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'canned:manage');
      return reply.status(201).send({ cannedReply: presentCannedReply(await createCannedReply(ctx.db, req.body, actor)) });
    },
  );

  app.patch(
    '/canned-replies/:id',
    { schema: { tags: ['canned replies'], params, body: CannedReplyPatchSchema, response: { 200: one, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'canned:manage');
      return { cannedReply: presentCannedReply(await updateCannedReply(ctx.db, req.params.id, req.body, actor)) };
    },
  );

  app.delete('/canned-replies/:id', { schema: { tags: ['canned replies'], params, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    const actor = actorOf(req);
    authorize(actor, 'canned:manage');
    await deleteCannedReply(ctx.db, req.params.id, actor);
    return reply.status(204).send(null);
  });

  app.post(
    '/canned-replies/:id/render',
    {
      schema: {
        tags: ['canned replies'],
        summary: 'Fill the variables ({{customer.first_name}} …) for a ticket; unknown variables stay visible and are listed',
        params,
        body: CannedReplyRenderSchema,
        response: { 200: CannedReplyRenderResultSchema, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'canned:read');
      return renderCannedReply(ctx.db, req.params.id, req.body.ticketId, actor);
    },
  );
};
