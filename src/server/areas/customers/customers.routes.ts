import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { addCustomerNote } from './commands/add-customer-note.js';
import { addCustomerIdentity } from './commands/add-customer-identity.js';
import { createCustomer } from './commands/create-customer.js';
import { deleteCustomerIdentity } from './commands/delete-customer-identity.js';
import { updateCustomer } from './commands/update-customer.js';
import { actorOf } from '../../core/http/auth.js';
import { presentCustomer, presentIdentity, presentMerge, presentNote } from './presenters.js';
import { getCustomer, listCustomerIdentities } from './queries/get-customer.js';
import { listCustomers } from './queries/list-customers.js';
import { lookupCustomers } from './queries/lookup-customers.js';
import { customerTags } from './queries/customer-tags.js';
import { TagListQuerySchema, TagListSchema } from '../../../shared/tags.js';
import { CustomerCreateSchema, CustomerIdentityCreateSchema, CustomerIdentitySchema, CustomerListQuerySchema, CustomerListSchema, CustomerLookupSchema, CustomerMergeSchema, CustomerNoteCreateSchema, CustomerNoteSchema, CustomerPatchSchema, CustomerSchema } from '../../../shared/customers.js';
import { ErrorSchema } from '../../../shared/common.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const idParams = z.object({ id: z.string().uuid() });
const CustomerWithIdentities = z.object({ customer: CustomerSchema, identities: z.array(CustomerIdentitySchema) });

/** Profiles, identities and notes: CRUD, list with keyset pages, and the agent's quick lookup. */
export const customersRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  const identitiesOf = async (workspaceId: string, id: string) => (await listCustomerIdentities(ctx.db, workspaceId, id)).map(presentIdentity);

  app.get(
    '/customers',
    { config: { action: 'customers:read' }, schema: { tags: ['customers'], summary: 'Customers, newest first or by sort (q: phone, part of an email, or name; tag; stage; cursor); total on the first page', querystring: CustomerListQuerySchema, response: { 200: CustomerListSchema, ...errors } } },
    async (req) => {
      const page = await listCustomers(ctx.db, { workspaceId: actorOf(req).workspaceId, ...req.query });
      return {
        items: page.items.map((r) => ({ ...presentCustomer(r), lastContactAt: r.last_contact_at ? new Date(r.last_contact_at).toISOString() : null })),
        nextCursor: page.nextCursor,
        total: page.total,
      };
    },
  );

  app.get(
    '/customers/tags',
    { config: { action: 'customers:read' }, schema: { tags: ['customers'], summary: 'Customer tags in use with how many profiles carry each, most used first (q: part of a tag, accents optional)', querystring: TagListQuerySchema, response: { 200: TagListSchema, ...errors } } },
    async (req) => ({ items: await customerTags(ctx.db, actorOf(req).workspaceId, req.query) }),
  );

  app.get(
    '/customers/lookup',
    {
      config: { action: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'Quick lookup (top 10): phone in any format, part of a number, email, or name with or without diacritics',
        querystring: z.object({ q: z.string().max(200).default('') }),
        response: { 200: CustomerLookupSchema, ...errors },
      },
    },
    async (req) => {
      return lookupCustomers(ctx.db, actorOf(req).workspaceId, req.query.q);
    },
  );

  app.post(
    '/customers',
    {
      config: { action: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Create a profile (409 customer.identity_taken names the profile that already has the phone/email)',
        body: CustomerCreateSchema,
        response: { 201: CustomerWithIdentities, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const row = await createCustomer(ctx.db, { workspaceId: actor.workspaceId, data: req.body, actor });
      return reply.status(201).send({ customer: presentCustomer(row), identities: await identitiesOf(actor.workspaceId, row.id) });
    },
  );

  app.get(
    '/customers/:id',
    { config: { action: 'customers:read' }, schema: { tags: ['customers'], params: idParams, response: { 200: CustomerWithIdentities, ...errors } } },
    async (req) => {
      const { customer, identities } = await getCustomer(ctx.db, actorOf(req).workspaceId, req.params.id);
      return { customer: presentCustomer(customer), identities: identities.map(presentIdentity) };
    },
  );

  app.patch(
    '/customers/:id',
    {
      config: { action: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Edit a profile; a phone/email owned by another profile merges that profile in (undoable, reason auto)',
        params: idParams,
        body: CustomerPatchSchema,
        response: { 200: CustomerWithIdentities.extend({ merges: z.array(CustomerMergeSchema) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const r = await updateCustomer(ctx.db, { workspaceId: actor.workspaceId, id: req.params.id, data: req.body, actor });
      return { customer: presentCustomer(r.customer), identities: await identitiesOf(actor.workspaceId, r.customer.id), merges: r.merges.map(presentMerge) };
    },
  );

  app.post(
    '/customers/:id/identities',
    {
      config: { action: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Add an identity; if another profile owns it, that profile is merged in (undoable, reason auto)',
        params: idParams,
        body: CustomerIdentityCreateSchema,
        response: { 201: z.object({ identity: CustomerIdentitySchema, merge: CustomerMergeSchema.nullable() }), 200: z.object({ identity: CustomerIdentitySchema, merge: CustomerMergeSchema.nullable() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const r = await addCustomerIdentity(ctx.db, { workspaceId: actor.workspaceId, customerId: req.params.id, identity: req.body, actor });
      // 201 when a row was created; 200 when the customer already had it or got it through a merge.
      return reply.status(r.added ? 201 : 200).send({ identity: presentIdentity(r.identity), merge: r.merge ? presentMerge(r.merge) : null });
    },
  );

  app.delete(
    '/customers/:id/identities/:identityId',
    { config: { action: 'customers:write' }, schema: { tags: ['customers'], params: z.object({ id: z.string().uuid(), identityId: z.string().uuid() }), response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      const actor = actorOf(req);
      await deleteCustomerIdentity(ctx.db, { workspaceId: actor.workspaceId, customerId: req.params.id, identityId: req.params.identityId, actor });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/customers/:id/notes',
    { config: { action: 'customers:write' }, schema: { tags: ['customers'], params: idParams, body: CustomerNoteCreateSchema, response: { 201: z.object({ note: CustomerNoteSchema }), ...errors } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const note = await addCustomerNote(ctx.db, { workspaceId: actor.workspaceId, customerId: req.params.id, body: req.body.body, actor });
      return reply.status(201).send({ note: presentNote(note) });
    },
  );
};
