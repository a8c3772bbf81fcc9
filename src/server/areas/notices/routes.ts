import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { badRequest } from '../../core/errors.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { NOTICE_STATUSES, NoticeListQuerySchema, NoticeListSchema, NoticeSettingsSchema, NoticeSubscriptionSchema } from '../../../shared/notices.js';
import { KNOWN_VARIABLES } from './commands/deliver-notice.js';
import { noticeSubscription, setNoticeSubscription } from './commands/subscription.js';
import { listNotices } from './queries/list-notices.js';
import { unknownNoticeVariables } from './render.js';
import { loadNoticeSettings, saveNoticeSettings } from './settings.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['notices'];
const customerParams = z.object({ id: z.uuid() });

/** Order notices: the settings, the log, and a customer's subscription (the 360's toggle). */
export const noticesRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/notices/settings',
    { config: { action: 'settings:read' }, schema: { tags, summary: 'Order-notice settings (the defaults until first saved)', response: { 200: z.object({ settings: NoticeSettingsSchema }), ...errors } } },
    async (req) => ({ settings: await loadNoticeSettings(ctx.db, actorOf(req).workspaceId) }),
  );

  app.put(
    '/notices/settings',
    {
      config: { action: 'settings:manage' },
      schema: {
        tags,
        summary: 'Replace the order-notice settings (400 notice.unknown_variable names a template variable notices do not know)',
        body: NoticeSettingsSchema,
        response: { 200: z.object({ settings: NoticeSettingsSchema }), ...errors },
      },
    },
    async (req) => {
      for (const s of NOTICE_STATUSES) {
        for (const lang of ['vi', 'en'] as const) {
          const unknown = unknownNoticeVariables(req.body.statuses[s].templates[lang], KNOWN_VARIABLES);
          if (unknown.length) throw badRequest('notice.unknown_variable', `Unknown variable {{${unknown[0]}}} in the ${lang} template of ${s}`, { field: `statuses.${s}.templates.${lang}`, variables: unknown });
        }
      }
      return { settings: await saveNoticeSettings(ctx.db, actorOf(req).workspaceId, req.body) };
    },
  );

  app.get(
    '/notices',
    {
      config: { action: 'customers:read' },
      schema: { tags, summary: 'Recent order notices, newest first (filters: display state, order status, channel, customer, order)', querystring: NoticeListQuerySchema, response: { 200: NoticeListSchema, ...errors } },
    },
    async (req) => listNotices(ctx.db, actorOf(req).workspaceId, req.query),
  );

  app.get(
    '/customers/:id/notice-subscription',
    { config: { action: 'customers:read' }, schema: { tags, summary: "A customer's order-notice subscription", params: customerParams, response: { 200: NoticeSubscriptionSchema, ...errors } } },
    async (req) => noticeSubscription(ctx.db, actorOf(req).workspaceId, req.params.id),
  );

  app.post(
    '/customers/:id/notice-unsubscribe',
    { config: { action: 'customers:write' }, schema: { tags, summary: 'Stop order notices to a customer (repeating it changes nothing)', params: customerParams, response: { 200: NoticeSubscriptionSchema, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      return setNoticeSubscription(ctx.db, actor.workspaceId, req.params.id, false, 'agent', actor);
    },
  );

  app.post(
    '/customers/:id/notice-resubscribe',
    { config: { action: 'customers:write' }, schema: { tags, summary: 'Send order notices to a customer again', params: customerParams, response: { 200: NoticeSubscriptionSchema, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      return setNoticeSubscription(ctx.db, actor.workspaceId, req.params.id, true, 'agent', actor);
    },
  );
};
