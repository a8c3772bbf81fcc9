import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import { actorOf } from '../../../core/http/auth.js';
import { notFound } from '../../../core/errors.js';
import { ErrorSchema } from '../../../../shared/common.js';
import { FILTERED_MAIL_REASONS, FiledMailSchema, FilteredMailListSchema } from '../../../../shared/filtered-mail.js';
import { fileFilteredMail } from './file-filtered.js';
import { listFilteredMail } from './filtered-mail.js';
import { fetchRemoteImage } from './remote-image.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const params = z.object({ id: z.uuid() });

/** A mailbox's filtered mail (Settings → Kênh liên lạc): what was not filed and why, and "file it anyway". Admins only. */
export const filteredMailRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/channel-accounts/:id/filtered-mail',
    {
      config: { action: 'channels:manage' },
      schema: {
        tags: ['channels'],
        summary: "A mailbox's filtered mail (lists, auto-replies, bounces, reports, duplicates, loops), newest first",
        params,
        querystring: z.object({
          reason: z.enum(FILTERED_MAIL_REASONS).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|[0-9a-f-]{36}$/).optional(),
        }),
        response: { 200: FilteredMailListSchema, ...errors },
      },
    },
    async (req) => {
      const ws = actorOf(req).workspaceId;
      const account = await ctx.db.maybeOne('SELECT id FROM channel_accounts WHERE workspace_id = $1 AND id = $2 AND kind = $3', [ws, req.params.id, 'email']);
      if (!account) throw notFound('Mailbox', 'channel_account.not_found');
      return listFilteredMail(ctx.db, ws, req.params.id, req.query);
    },
  );

  app.post(
    '/channel-accounts/:id/filtered-mail/:mailId/file',
    {
      config: { action: 'channels:manage' },
      schema: {
        tags: ['channels'],
        summary: 'File a filtered mail as a customer message anyway (through the normal inbound door)',
        params: params.extend({ mailId: z.uuid() }),
        response: { 200: FiledMailSchema, ...errors },
      },
    },
    async (req) => fileFilteredMail(ctx, actorOf(req), req.params.id, req.params.mailId),
  );

  app.get(
    '/remote-image',
    {
      config: { action: 'tickets:read', rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        tags: ['tickets'],
        summary: "A remote image of an inbound message, fetched by the server for the agent who asked to load it (the sender never sees the agent's browser)",
        querystring: z.object({ url: z.string().url().max(2000) }),
      },
    },
    async (req, reply) => {
      const img = await fetchRemoteImage(req.query.url, ctx.env.ALLOW_PRIVATE_MAIL_HOSTS);
      return reply
        .header('content-type', img.contentType)
        .header('cache-control', 'private, max-age=3600')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-content-type-options', 'nosniff')
        .send(img.data);
    },
  );
};
