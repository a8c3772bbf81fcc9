import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../../core/context.js';
import { openAccount, type ChannelAccountRow } from '../../../../core/channels/accounts.js';
import { AppError, notFound } from '../../../../core/errors.js';
import { actorOf } from '../../../../core/http/auth.js';
import { ErrorSchema } from '../../../../../shared/common.js';
import { withZaloToken } from '../errors.js';
import { zaloAccessToken } from '../tokens.js';
import { ZNS_PURPOSES } from './config.js';
import { listZnsTemplates, znsTemplateInfo } from './templates.js';

/** How many templates get their parameters read per request (one info call each). */
const MAX_DETAILED = 30;

const TemplateSchema = z.object({
  templateId: z.string(),
  templateName: z.string(),
  status: z.string(),
  params: z.array(z.object({ name: z.string(), require: z.boolean(), type: z.string(), maxLength: z.number().optional() })),
});

/**
 * GET /api/channel-accounts/:id/zalo/zns-templates: the OA's approved ZNS templates with their
 * parameters (template/all + template/info/v2), for settings to map one per purpose (survey, order
 * notice, reminder) into the account's config.zns. Admins only; a demo account has none.
 */
export const znsTemplateRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/channel-accounts/:id/zalo/zns-templates',
    {
      config: { action: 'channels:manage' },
      schema: {
        tags: ['channels'],
        summary: "A Zalo OA's approved ZNS templates and their parameters (to map per purpose)",
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({ purposes: z.array(z.enum(ZNS_PURPOSES)), templates: z.array(TemplateSchema) }),
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
          502: ErrorSchema,
        },
      },
    },
    async (req) => {
      const ws = actorOf(req).workspaceId;
      const row = await ctx.db.maybeOne<ChannelAccountRow>(`SELECT * FROM channel_accounts WHERE workspace_id = $1 AND id = $2 AND kind = 'zalo'`, [ws, req.params.id]);
      if (!row) throw notFound('Zalo account', 'channel.not_found');
      const account = openAccount(ctx, row);
      if (account.config.demo === true) throw new AppError(409, 'zalo.demo_account', 'A demo Zalo account has no ZNS templates');
      try {
        const templates = await withZaloToken(
          (force) => zaloAccessToken(ctx, account, { forceRefresh: force }),
          async (token) => {
            const list = await listZnsTemplates(ctx.env.ZALO_ZNS_BASE, token);
            return Promise.all(list.slice(0, MAX_DETAILED).map((t) => znsTemplateInfo(ctx.env.ZALO_ZNS_BASE, token, t.templateId)));
          },
        );
        return {
          purposes: [...ZNS_PURPOSES],
          templates: templates.map((t) => ({ templateId: t.templateId, templateName: t.templateName, status: t.status, params: t.params.map((p) => ({ name: p.name, require: p.require, type: p.type, maxLength: p.maxLength })) })),
        };
      } catch (err) {
        // Zalo's refusal (no ZNS permission, reconnect needed …) in its words, as a stable id.
        throw new AppError(502, 'zalo.zns_unavailable', `Zalo did not list the ZNS templates: ${(err as Error).message}`);
      }
    },
  );
};
