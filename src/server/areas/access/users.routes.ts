import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { createUser } from './commands/create-user.js';
import { updateUser } from './commands/update-user.js';
import { updateMe } from './commands/update-me.js';
import { forbidden } from '../../core/errors.js';
import { actorOf, SESSION_COOKIE } from '../../core/http/auth.js';
import { sha256 } from '../../core/lib/ids.js';
import { presentUser } from './presenters/user.js';
import { listUsers } from './queries/list-users.js';
import { ErrorSchema, LocaleSchema } from '../../../shared/common.js';
import { RoleSchema, UserSchema } from '../../../shared/access.js';

const name = z.string().trim().min(1).max(120);
const password = z.string().min(8, 'Use at least 8 characters').max(200);
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

export const usersRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/users',
    { config: { action: 'users:read' }, schema: { tags: ['users'], summary: 'Staff of the workspace', response: { 200: z.object({ users: z.array(UserSchema) }) } } },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const rows = await listUsers(ctx.db, workspaceId);
      const online = ctx.realtime.onlineUserIds(workspaceId);
      return { users: rows.map((r) => ({ ...presentUser(r), online: online.has(r.id) })) };
    },
  );

  app.post(
    '/users',
    {
      config: { action: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Add a staff member (admin)',
        body: z.object({ name, email: z.string().trim().email().max(254), password, role: RoleSchema, locale: LocaleSchema.optional() }),
        response: { 201: z.object({ user: UserSchema }), ...errors },
      },
    },
    async (req, reply) => {
      const user = await createUser(ctx.db, req.body, actorOf(req));
      return reply.status(201).send({ user: presentUser(user) });
    },
  );

  // Registered before /users/:id for readability; the router prefers the static segment anyway.
  app.patch(
    '/users/me',
    {
      config: { action: 'self:write' },
      schema: {
        tags: ['users'],
        summary: 'Edit my own profile, availability or password',
        body: z.object({
          name: name.optional(),
          locale: LocaleSchema.optional(),
          available: z.boolean().optional(),
          currentPassword: z.string().max(200).optional(),
          newPassword: password.optional(),
        }),
        response: { 200: z.object({ user: UserSchema }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      // 'self:write' already refuses tokens; this narrows the actor to a person for updateMe.
      if (actor.kind !== 'user') throw forbidden('API tokens have no profile');
      const cookie = req.cookies[SESSION_COOKIE];
      const user = await updateMe(ctx.db, req.body, actor, cookie ? sha256(cookie) : undefined);
      return { user: presentUser(user) };
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { action: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Edit a staff member (admin)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ name: name.optional(), role: RoleSchema.optional(), active: z.boolean().optional(), password: password.optional() }),
        response: { 200: z.object({ user: UserSchema }), ...errors },
      },
    },
    async (req) => {
      const user = await updateUser(ctx.db, req.params.id, req.body, actorOf(req));
      return { user: presentUser(user) };
    },
  );
};
