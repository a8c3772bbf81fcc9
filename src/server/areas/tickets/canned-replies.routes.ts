import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { createCannedReply, deleteCannedReply, renderCannedReply, updateCannedReply } from './commands/canned-replies.js';
import { actorOf } from '../../core/http/auth.js';
import { presentCannedReply } from './presenters/canned-reply.js';
import { listCannedReplies } from './queries/list-canned-replies.js';
import { CannedReplyCreateSchema, CannedReplyPatchSchema, CannedReplyRenderResultSchema, CannedReplyRenderSchema, CannedReplySchema } from '../../../shared/tickets.js';
import { ErrorSchema } from '../../../shared/common.js';

const params = z.object({ id: z.uuid() });
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const one = z.object({ cannedReply: CannedReplySchema });

export const cannedRepliesRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/canned-replies',
    { config: { action: 'canned:read' }, schema: { tags: ['canned replies'], summary: 'Canned replies of the workspace, by shortcut', response: { 200: z.object({ cannedReplies: z.array(CannedReplySchema) }), 403: ErrorSchema } } },
    async (req) => {
      const rows = await listCannedReplies(ctx.db, actorOf(req).workspaceId);
      return { cannedReplies: rows.map(presentCannedReply) };
    },
  );

  app.post(
    '/canned-replies',
    { config: { action: 'canned:manage' }, schema: { tags: ['canned replies'], body: CannedReplyCreateSchema, response: { 201: one, ...errors } } },
    async (req, reply) => {
      return reply.status(201).send({ cannedReply: presentCannedReply(await createCannedReply(ctx.db, req.body, actorOf(req))) });
    },
  );

  app.patch(
    '/canned-replies/:id',
    { config: { action: 'canned:manage' }, schema: { tags: ['canned replies'], params, body: CannedReplyPatchSchema, response: { 200: one, ...errors } } },
    async (req) => {
      return { cannedReply: presentCannedReply(await updateCannedReply(ctx.db, req.params.id, req.body, actorOf(req))) };
    },
  );

  app.delete('/canned-replies/:id', { config: { action: 'canned:manage' }, schema: { tags: ['canned replies'], params, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await deleteCannedReply(ctx.db, req.params.id, actorOf(req));
    return reply.status(204).send(null);
  });

  app.post(
    '/canned-replies/:id/render',
    {
      config: { action: 'canned:read' },
      schema: {
        tags: ['canned replies'],
        summary: 'Fill the variables ({{customer.first_name}} …) for a ticket; unknown variables stay visible and are listed',
        params,
        body: CannedReplyRenderSchema,
        response: { 200: CannedReplyRenderResultSchema, ...errors },
      },
    },
    async (req) => {
      return renderCannedReply(ctx.db, req.params.id, req.body.ticketId, actorOf(req));
    },
  );
};
