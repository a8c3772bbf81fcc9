import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context.js';
import { decodeAttachments } from './commands/add-message.js';
import { inboundWriter } from './commands/ingest-group.js';
import type { InboundMessage as Inbound } from './commands/ingest-inbound.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import {
  InboundBatchResultSchema,
  InboundBatchSchema,
  InboundMessageSchema,
  InboundResultSchema,
  type InboundMessage,
} from '../../../shared/tickets.js';
import { batchItemError, type BatchItemResult } from './inbound-batch.js';

/** The API body as the inbound door takes it (attachments decoded; 400/413 for bad ones). */
function toInbound(b: InboundMessage): Inbound {
  return {
    channel: b.channel,
    externalId: b.externalId,
    from: b.from,
    extraIdentities: b.extraIdentities,
    subject: b.subject,
    body: b.body,
    contentType: b.contentType,
    attachments: decodeAttachments(b.attachments),
    sentAt: b.sentAt ? new Date(b.sentAt) : undefined,
  };
}

export const inboundRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  // Concurrent deliveries share transactions (group commit, commands/ingest-group.ts): one answer per
  // delivery, each sent only once its message is committed.
  const writer = inboundWriter(ctx.db);

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
      const result = await writer.ingest(toInbound(req.body), actorOf(req));
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  );

  app.post(
    // '::' is a literal colon (a single ':' would start a path parameter).
    '/inbound/messages::batch',
    {
      config: { action: 'inbound:ingest' },
      schema: {
        tags: ['inbound'],
        summary: 'Ingest up to 500 customer messages at once (each idempotent on channel + externalId)',
        description:
          'For integrations and channel webhooks that deliver several messages together. Each item is what POST /api/inbound/messages takes, ' +
          'checked and filed on its own: a bad item is refused (its result carries the status and the stable error id the single endpoint would answer) ' +
          'without failing the others. Results come in the order of `items`, with 201 for a filed message and 200 with duplicate=true for a repeated delivery. ' +
          'The answer is 200 whenever the batch itself was readable; a delivery is committed when its result says so, so resending a whole batch after a lost answer changes nothing.',
        body: InboundBatchSchema,
        response: { 200: InboundBatchResultSchema, 400: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const results: BatchItemResult[] = new Array(req.body.items.length);
      const accepted: { index: number; input: Inbound }[] = [];
      req.body.items.forEach((raw, index) => {
        const parsed = InboundMessageSchema.safeParse(raw);
        if (!parsed.success) {
          results[index] = {
            index,
            status: 400,
            error: {
              id: 'validation.failed',
              message: `Invalid items.${index}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
              details: parsed.error.issues.map((i) => ({ path: ['body', 'items', index, ...i.path].join('.'), message: i.message })),
            },
          };
          return;
        }
        try {
          accepted.push({ index, input: toInbound(parsed.data) });
        } catch (err) {
          results[index] = batchItemError(index, err, req.log);
        }
      });
      const settled = await writer.ingestMany(accepted.map((a) => ({ input: a.input, actor })));
      settled.forEach((s, k) => {
        const index = accepted[k].index;
        results[index] =
          s.status === 'fulfilled' ? { index, status: s.value.duplicate ? 200 : 201, ...s.value } : batchItemError(index, s.reason, req.log);
      });
      return {
        results,
        created: results.filter((r) => r.status === 201).length,
        duplicates: results.filter((r) => r.status === 200).length,
        failed: results.filter((r) => r.status >= 400).length,
      };
    },
  );
};
