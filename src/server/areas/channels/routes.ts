import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { createChannelAccount, deleteChannelAccount, updateChannelAccount } from './commands/channel-accounts.js';
import { actorOf } from '../../core/http/auth.js';
import { presentChannelAccount } from './presenters.js';
import { getChannelAccount, listChannelAccounts } from './queries/channel-accounts.js';
import { ChannelAccountCreateSchema, ChannelAccountPatchSchema, ChannelAccountSchema } from '../../../shared/channels.js';
import { ErrorSchema } from '../../../shared/common.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const CapabilitiesSchema = z.object({
  kind: z.string(),
  send: z.boolean(),
  attachments: z.boolean(),
  html: z.boolean(),
  typing: z.boolean(),
  buttons: z.boolean(),
  replyWindowHours: z.number().nullable(),
  hasAccounts: z.boolean(),
});

export const channelAccountsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/channels',
    { config: { action: 'tickets:read' }, schema: { tags: ['channels'], summary: 'The channel kinds and what each can do', response: { 200: z.object({ channels: z.array(CapabilitiesSchema) }), ...errors } } },
    async () => ({
      channels: ctx.channels.all().map((c) => ({ kind: c.kind, ...c.capabilities, replyWindowHours: c.capabilities.replyWindowHours ?? null, hasAccounts: !!c.account })),
    }),
  );

  app.get(
    '/channel-accounts',
    {
      config: { action: 'channels:read' },
      schema: {
        tags: ['channels'],
        summary: 'Connected mailboxes, widgets and telephony endpoints',
        querystring: z.object({ kind: z.string().max(40).optional() }),
        response: { 200: z.object({ accounts: z.array(ChannelAccountSchema) }), ...errors },
      },
    },
    async (req) => {
      const rows = await listChannelAccounts(ctx.db, actorOf(req).workspaceId, req.query.kind);
      return { accounts: rows.map((r) => presentChannelAccount(r, ctx.secrets)) };
    },
  );

  app.get(
    '/channel-accounts/:id',
    { config: { action: 'channels:read' }, schema: { tags: ['channels'], summary: 'One channel account', params: z.object({ id: z.uuid() }), response: { 200: ChannelAccountSchema, ...errors } } },
    async (req) => {
      return presentChannelAccount(await getChannelAccount(ctx.db, actorOf(req).workspaceId, req.params.id), ctx.secrets);
    },
  );

  app.post(
    '/channel-accounts',
    {
      config: { action: 'channels:manage' },
      schema: {
        tags: ['channels'],
        summary: 'Connect a mailbox, widget or telephony endpoint (settings are tested first)',
        body: ChannelAccountCreateSchema,
        response: { 201: ChannelAccountSchema, ...errors },
      },
    },
    async (req, reply) => {
      const row = await createChannelAccount(ctx, req.body, actorOf(req));
      return reply.status(201).send(presentChannelAccount(row, ctx.secrets));
    },
  );

  app.patch(
    '/channel-accounts/:id',
    {
      config: { action: 'channels:manage' },
      schema: {
        tags: ['channels'],
        summary: 'Change a channel account; secrets left out are kept',
        params: z.object({ id: z.uuid() }),
        body: ChannelAccountPatchSchema,
        response: { 200: ChannelAccountSchema, ...errors },
      },
    },
    async (req) => {
      const row = await updateChannelAccount(ctx, req.params.id, req.body, actorOf(req));
      return presentChannelAccount(row, ctx.secrets);
    },
  );

  app.delete(
    '/channel-accounts/:id',
    { config: { action: 'channels:manage' }, schema: { tags: ['channels'], summary: 'Disconnect a channel account (its conversations stay)', params: z.object({ id: z.uuid() }), response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await deleteChannelAccount(ctx, req.params.id, actorOf(req));
      return reply.status(204).send(null);
    },
  );
};
