import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { getCall, listCalls } from './queries/list-calls.js';
import { listCustomerCalls } from './queries/list-customer-calls.js';
import { logCall } from './commands/log-call.js';
import { actorOf } from '../../core/http/auth.js';
import { CallLogSchema, CallPageSchema, CallSchema } from '../../../shared/calls.js';
import { ErrorSchema } from '../../../shared/common.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const ListQuerySchema = z.object({
  agentId: z.uuid().optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  status: z.enum(['ringing', 'answered', 'ended', 'missed']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** Agent-facing call routes: log a call by hand, list calls (all, or one customer's). */
export const callsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/calls',
    {
      config: { action: 'calls:log' },
      schema: {
        tags: ['calls'],
        summary: 'Log a call by hand (entry in the given ticket, else the customer\'s open phone ticket, else a new one)',
        body: CallLogSchema,
        response: { 201: z.object({ call: CallSchema }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const row = await logCall(ctx.db, req.body, actor);
      return reply.status(201).send({ call: (await getCall(ctx.db, actor.workspaceId, row.id))! });
    },
  );

  app.get(
    '/calls',
    {
      config: { action: 'tickets:read' },
      schema: {
        tags: ['calls'],
        summary: 'Calls of the workspace, newest first (filters for call metrics)',
        querystring: ListQuerySchema.extend({ customerId: z.uuid().optional() }),
        response: { 200: CallPageSchema, ...errors },
      },
    },
    async (req) => {
      return listCalls(ctx.db, actorOf(req).workspaceId, req.query);
    },
  );

  app.get(
    '/customers/:id/calls',
    {
      config: { action: 'customers:read' },
      schema: {
        tags: ['calls'],
        summary: "A customer's calls, newest first",
        params: z.object({ id: z.uuid() }),
        querystring: ListQuerySchema,
        response: { 200: CallPageSchema, ...errors },
      },
    },
    async (req) => {
      return listCustomerCalls(ctx.db, actorOf(req).workspaceId, req.params.id, req.query);
    },
  );
};
