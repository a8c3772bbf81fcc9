import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context.js';
import { decodeAttachments } from './commands/add-message.js';
import { ingestInbound } from './commands/ingest-inbound.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { InboundMessageSchema, InboundResultSchema } from '../../../shared/tickets.js';

export const inboundRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/inbound/messages',
    {
      config: { action: 'inbound:ingest' },
      schema: {
        tags: ['inbound'],
        summary: 'Ingest a customer message from a channel (idempotent on channel + externalId)',
        description:
          'Finds or creates the customer, threads the message into their open ticket on the channel, reopens a ticket resolved in the last 7 days, or opens a new one. ' +
          '201 the first time; 200 with duplicate=true for a repeated delivery.',
        body: InboundMessageSchema,
        response: { 200: InboundResultSchema, 201: InboundResultSchema, 400: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      const result = await ingestInbound(
        ctx.db,
        {
          channel: b.channel,
          externalId: b.externalId,
          from: b.from,
          extraIdentities: b.extraIdentities,
          subject: b.subject,
          body: b.body,
          contentType: b.contentType,
          attachments: decodeAttachments(b.attachments),
          sentAt: b.sentAt ? new Date(b.sentAt) : undefined,
        },
        actor,
      );
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  );
};
