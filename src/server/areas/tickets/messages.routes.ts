import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { decodeAttachments } from './commands/add-message.js';
import { postAgentMessage } from './commands/post-agent-message.js';
import { retryDelivery } from '../../core/channels/outbox.js';
import { actorOf } from '../../core/http/auth.js';
import { getAttachment } from './queries/get-attachment.js';
import { loadMessage, loadThread } from './queries/ticket-detail.js';
import { loadReplyChannel } from './queries/reply-channel.js';
import { ReplyChannelSchema } from '../../../shared/channels.js';
import { ErrorSchema } from '../../../shared/common.js';
import { MessageCreateSchema, MessageSchema } from '../../../shared/tickets.js';
import { contentDisposition } from '../../core/http/content-disposition.js';

const params = z.object({ id: z.uuid() });
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };


export const messagesRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/tickets/:id/messages',
    { config: { action: 'tickets:read' }, schema: { tags: ['tickets'], summary: 'The thread of a ticket, oldest first', params, response: { 200: z.object({ messages: z.array(MessageSchema) }), ...errors } } },
    async (req) => {
      return { messages: await loadThread(ctx.db, actorOf(req).workspaceId, req.params.id) };
    },
  );

  app.get(
    '/tickets/:id/reply-channel',
    {
      config: { action: 'tickets:read' },
      schema: {
        tags: ['tickets'],
        summary: "Whether a public reply goes out on the ticket's channel (or is only recorded, or cannot go, and why)",
        params,
        response: { 200: z.object({ replyChannel: ReplyChannelSchema }), ...errors },
      },
    },
    async (req) => {
      return { replyChannel: await loadReplyChannel(ctx, actorOf(req).workspaceId, req.params.id) };
    },
  );

  app.post(
    '/tickets/:id/messages',
    {
      config: { action: 'tickets:reply' },
      schema: {
        tags: ['tickets'],
        summary: 'Reply to the customer or add an internal note',
        params,
        body: MessageCreateSchema,
        response: { 201: z.object({ message: MessageSchema, unknownVariables: z.array(z.string()) }), 413: ErrorSchema, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      const attachments = decodeAttachments(b.attachments);
      const r = await postAgentMessage(
        ctx,
        req.params.id,
        { kind: b.kind, body: b.body, contentType: b.contentType, attachments, renderVariables: b.renderVariables },
        actor,
      );
      return reply.status(201).send({ message: await loadMessage(ctx.db, actor.workspaceId, r.message.id), unknownVariables: r.unknownVariables });
    },
  );

  app.post(
    '/messages/:id/retry',
    {
      config: { action: 'messages:retry' },
      schema: {
        tags: ['tickets'],
        summary: 'Send a message whose delivery failed again',
        params,
        response: { 200: z.object({ message: MessageSchema }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await retryDelivery(ctx.db, actor.workspaceId, req.params.id, actor);
      return { message: await loadMessage(ctx.db, actor.workspaceId, req.params.id) };
    },
  );

  app.get(
    '/attachments/:id',
    { config: { action: 'tickets:read' }, schema: { tags: ['tickets'], summary: 'Download an attachment (always as a file, never rendered inline)', params } },
    async (req, reply) => {
      const a = await getAttachment(ctx.db, actorOf(req).workspaceId, req.params.id);
      // The bytes are whatever a customer sent: never let a browser sniff or run them on our origin.
      return reply
        .header('Content-Type', a.content_type)
        .header('Content-Disposition', contentDisposition(a.filename))
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .header('Cache-Control', 'private, no-store')
        .send(Buffer.from(a.data));
    },
  );
};
