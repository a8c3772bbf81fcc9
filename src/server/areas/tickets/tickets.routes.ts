import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { decodeAttachments } from './commands/add-message.js';
import { createTicket } from './commands/create-ticket.js';
import { mergeTickets } from './commands/merge-tickets.js';
import { assignTicket, updateTicket } from './commands/update-ticket.js';
import { actorOf } from '../../core/http/auth.js';
import { authorize } from '../../core/http/policies.js';
import { loadInbox } from './queries/inbox.js';
import { withMatchSnippets } from './queries/ticket-search.js';
import { loadTicketDetail } from './queries/ticket-detail.js';
import { ticketTags } from './queries/ticket-tags.js';
import { TagListQuerySchema, TagListSchema } from '../../../shared/tags.js';
import { ErrorSchema } from '../../../shared/common.js';
import { InboxPageSchema, InboxQuerySchema, TicketAssignSchema, TicketCreateSchema, TicketDetailSchema, TicketMergeSchema, TicketPatchSchema } from '../../../shared/tickets.js';

const params = z.object({ id: z.uuid() });
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const one = z.object({ ticket: TicketDetailSchema });

export const ticketsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/tickets/tags',
    { config: { action: 'tickets:read' }, schema: { tags: ['tickets'], summary: 'Ticket tags in use with how many tickets carry each, most used first (q: part of a tag, accents optional)', querystring: TagListQuerySchema, response: { 200: TagListSchema, ...errors } } },
    async (req) => ({ items: await ticketTags(ctx.db, actorOf(req).workspaceId, req.query) }),
  );

  app.get(
    '/tickets',
    {
      config: { action: 'tickets:read' },
      schema: {
        tags: ['tickets'],
        summary: 'The inbox: tickets by latest activity, filtered, keyset-paginated',
        querystring: InboxQuerySchema,
        response: { 200: InboxPageSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const page = await loadInbox(ctx.db, actor, req.query);
      return req.query.q ? withMatchSnippets(ctx.db, actor.workspaceId, req.query.q, page) : page;
    },
  );

  app.post(
    '/tickets',
    { config: { action: 'tickets:write' }, schema: { tags: ['tickets'], summary: 'Open a ticket for a customer', body: TicketCreateSchema, response: { 201: one, 413: ErrorSchema, ...errors } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      // A first reply or note is writing to the customer's thread as staff: that needs 'tickets:reply' too
      // (integrations may open tickets with the customer's own inbound message only).
      if (b.firstMessage && b.firstMessage.kind !== 'inbound') authorize(actor, 'tickets:reply');
      const attachments = decodeAttachments(b.firstMessage?.attachments);
      const t = await createTicket(
        ctx,
        { ...b, firstMessage: b.firstMessage ? { ...b.firstMessage, attachments } : undefined },
        actor,
      );
      return reply.status(201).send({ ticket: await loadTicketDetail(ctx.db, actor.workspaceId, t.id) });
    },
  );

  app.get(
    '/tickets/:id',
    { config: { action: 'tickets:read' }, schema: { tags: ['tickets'], summary: 'A ticket with customer summary, SLA flags and 5-step progress', params, response: { 200: one, ...errors } } },
    async (req) => {
      return { ticket: await loadTicketDetail(ctx.db, actorOf(req).workspaceId, req.params.id) };
    },
  );

  app.patch(
    '/tickets/:id',
    { config: { action: 'tickets:write' }, schema: { tags: ['tickets'], summary: 'Change status, priority, category, team, assignee, tags or subject', params, body: TicketPatchSchema, response: { 200: one, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      const t = await updateTicket(ctx.db, req.params.id, req.body, actor);
      return { ticket: await loadTicketDetail(ctx.db, actor.workspaceId, t.id) };
    },
  );

  app.post(
    '/tickets/:id/assign',
    { config: { action: 'tickets:write' }, schema: { tags: ['tickets'], summary: 'Assign round-robin within the team, or to a user', params, body: TicketAssignSchema, response: { 200: one, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      const t = await assignTicket(ctx.db, req.params.id, req.body, actor);
      return { ticket: await loadTicketDetail(ctx.db, actor.workspaceId, t.id) };
    },
  );

  app.post(
    '/tickets/:id/merge',
    {
      config: { action: 'tickets:merge' },
      schema: {
        tags: ['tickets'],
        summary: 'Merge this ticket into another: messages move, this one closes',
        params,
        body: TicketMergeSchema,
        response: { 200: z.object({ ticket: TicketDetailSchema, mergedTicketId: z.string(), movedMessages: z.number().int() }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const r = await mergeTickets(ctx.db, req.params.id, req.body.intoTicketId, actor);
      return { ticket: await loadTicketDetail(ctx.db, actor.workspaceId, r.target.id), mergedTicketId: r.source.id, movedMessages: r.movedMessages };
    },
  );
};
