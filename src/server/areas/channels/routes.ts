import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { createChannelAccount, deleteChannelAccount, updateChannelAccount } from './commands/channel-accounts.js';
import type { ChannelAccountRow } from '../../core/channels/accounts.js';
import { notFound } from '../../core/errors.js';
import { actorOf } from '../../core/http/auth.js';
import { authorize } from '../../core/http/policies.js';
import { presentChannelAccount } from './presenters.js';
import { ChannelAccountCreateSchema, ChannelAccountPatchSchema, ChannelAccountSchema, ErrorSchema } from '../../../shared/api.js';

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
    { schema: { tags: ['channels'], summary: 'The channel kinds and what each can do', response: { 200: z.object({ channels: z.array(CapabilitiesSchema) }), ...errors } } },
    async (req) => {
      authorize(actorOf(req), 'tickets:read');
      return {
        channels: ctx.channels.all().map((c) => ({ kind: c.kind, ...c.capabilities, replyWindowHours: c.capabilities.replyWindowHours ?? null, hasAccounts: !!c.account })),
      };
    },
  );

  app.get(
    '/channel-accounts',
    {
      schema: {
        tags: ['channels'],
        summary: 'Connected mailboxes, widgets and telephony endpoints',
        querystring: z.object({ kind: z.string().max(40).optional() }),
        response: { 200: z.object({ accounts: z.array(ChannelAccountSchema) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'channels:read');
      const rows = await ctx.db.query<ChannelAccountRow>(
        `SELECT * FROM channel_accounts WHERE workspace_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY kind, created_at, id`,
        [actor.workspaceId, req.query.kind ?? null],
      );
      return { accounts: rows.map((r) => presentChannelAccount(r, ctx.secrets)) };
    },
  );

  app.get(
    '/channel-accounts/:id',
    { schema: { tags: ['channels'], summary: 'One channel account', params: z.object({ id: z.uuid() }), response: { 200: ChannelAccountSchema, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'channels:read');
      const row = await ctx.db.maybeOne<ChannelAccountRow>('SELECT * FROM channel_accounts WHERE workspace_id = $1 AND id = $2', [actor.workspaceId, req.params.id]);
      if (!row) throw notFound('Channel account', 'channel_account.not_found');
      return presentChannelAccount(row, ctx.secrets);
    },
  );

  app.post(
    '/channel-accounts',
    {
      schema: {
        tags: ['channels'],
        summary: 'Connect a mailbox, widget or telephony endpoint (settings are tested first)',
        body: ChannelAccountCreateSchema,
        response: { 201: ChannelAccountSchema, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'channels:manage');
      const row = await createChannelAccount(ctx, req.body, actor);
      return reply.status(201).send(presentChannelAccount(row, ctx.secrets));
    },
  );

  app.patch(
    '/channel-accounts/:id',
    {
      schema: {
        tags: ['channels'],
        summary: 'Change a channel account; secrets left out are kept',
        params: z.object({ id: z.uuid() }),
        body: ChannelAccountPatchSchema,
        response: { 200: ChannelAccountSchema, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'channels:manage');
      const row = await updateChannelAccount(ctx, req.params.id, req.body, actor);
      return presentChannelAccount(row, ctx.secrets);
    },
  );

  app.delete(
    '/channel-accounts/:id',
    { schema: { tags: ['channels'], summary: 'Disconnect a channel account (its conversations stay)', params: z.object({ id: z.uuid() }), response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'channels:manage');
      await deleteChannelAccount(ctx, req.params.id, actor);
      return reply.status(204).send(null);
    },
  );
};
