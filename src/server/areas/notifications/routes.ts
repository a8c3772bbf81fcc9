import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { forbidden } from '../../core/errors.js';
import { appendEvent } from '../../core/events/append.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { NOTIFICATION_KINDS, NotificationPrefsSchema, UnreadCountsSchema } from '../../../shared/notifications.js';
import { getPrefs, savePrefs } from './prefs.js';
import { markTicketRead, unreadCounts } from './unread.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/** The signed-in person (API tokens have no settings, reads or unread counts). */
function person(req: Parameters<typeof actorOf>[0]) {
  const actor = actorOf(req);
  if (actor.kind !== 'user') throw forbidden('API tokens have no notifications');
  return actor;
}

/** My notification settings, my unread counts per inbox view, and "I opened this ticket". */
export const notificationsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/notifications/prefs',
    { config: { action: 'self:write' }, schema: { tags: ['notifications'], summary: 'My notification settings (every kind: toast, sound, desktop)', response: { 200: z.object({ prefs: NotificationPrefsSchema }), ...errors } } },
    async (req) => {
      const me = person(req);
      return { prefs: await getPrefs(ctx.db, me.workspaceId, me.id) };
    },
  );

  app.put(
    '/notifications/prefs',
    {
      config: { action: 'self:write' },
      schema: { tags: ['notifications'], summary: 'Replace my notification settings', body: z.object({ prefs: NotificationPrefsSchema }), response: { 200: z.object({ prefs: NotificationPrefsSchema }), ...errors } },
    },
    async (req) => {
      const me = person(req);
      const before = await getPrefs(ctx.db, me.workspaceId, me.id);
      const kinds = NOTIFICATION_KINDS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(req.body.prefs[k]));
      if (kinds.length === 0) return { prefs: before };
      const prefs = await savePrefs(ctx.db, me.workspaceId, me.id, req.body.prefs, (tx) =>
        appendEvent(tx, { workspaceId: me.workspaceId, type: 'notification_prefs.updated', subjectType: 'user', subjectId: me.id, actor: me, data: { kinds } }),
      );
      return { prefs };
    },
  );

  app.get(
    '/notifications/unread',
    { config: { action: 'self:write' }, schema: { tags: ['notifications'], summary: 'Open tickets with a customer message I have not read, per inbox view', querystring: z.object({ teamId: z.uuid().optional() }), response: { 200: UnreadCountsSchema, ...errors } } },
    async (req) => {
      const me = person(req);
      return unreadCounts(ctx.db, me.workspaceId, me.id, req.query.teamId);
    },
  );

  app.post(
    '/tickets/:id/read',
    {
      config: { action: 'self:write' },
      schema: { tags: ['notifications'], summary: 'I opened this ticket: it is read up to now', params: z.object({ id: z.uuid() }), response: { 200: z.object({ readAt: z.string() }), ...errors } },
    },
    async (req) => {
      const me = person(req);
      const read = await markTicketRead(ctx.db, me.workspaceId, me.id, req.params.id);
      // My other tabs refresh their counts too. A read marker is no business fact: no event row.
      ctx.realtime.sendToUser(me.workspaceId, me.id, { type: 'read', ticketId: req.params.id });
      return read;
    },
  );
};
