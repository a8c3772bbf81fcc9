import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { createUser } from './commands/create-user.js';
import { updateUser } from './commands/update-user.js';
import { updateMe } from './commands/update-me.js';
import { forbidden } from '../../core/errors.js';
import { actorOf, SESSION_COOKIE } from '../../core/http/auth.js';
import { sha256 } from '../../core/lib/ids.js';
import { authorize } from '../../core/http/policies.js';
import { presentUser } from './presenters/user.js';
import { ErrorSchema, LocaleSchema, RoleSchema, UserSchema } from '../../../shared/api.js';

const name = z.string().trim().min(1).max(120);
const password = z.string().min(8, 'Use at least 8 characters').max(200);
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

export const usersRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/users',
    { schema: { tags: ['users'], summary: 'Staff of the workspace', response: { 200: z.object({ users: z.array(UserSchema) }) } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'users:read');
      const rows = await ctx.db.query('SELECT * FROM users WHERE workspace_id = $1 ORDER BY active DESC, lower(name), id', [actor.workspaceId]);
      return { users: rows.map(presentUser) };
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Add a staff member (admin)',
        body: z.object({ name, email: z.string().trim().email().max(254), password, role: RoleSchema, locale: LocaleSchema.optional() }),
        response: { 201: z.object({ user: UserSchema }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'users:manage');
      const user = await createUser(ctx.db, req.body, actor);
      return reply.status(201).send({ user: presentUser(user) });
    },
  );

  // Registered before /users/:id for readability; the router prefers the static segment anyway.
  app.patch(
    '/users/me',
    {
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
      if (actor.kind !== 'user') throw forbidden('API tokens have no profile');
      const cookie = req.cookies[SESSION_COOKIE];
      const user = await updateMe(ctx.db, req.body, actor, cookie ? sha256(cookie) : undefined);
      return { user: presentUser(user) };
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Edit a staff member (admin)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ name: name.optional(), role: RoleSchema.optional(), active: z.boolean().optional(), password: password.optional() }),
        response: { 200: z.object({ user: UserSchema }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'users:manage');
      const user = await updateUser(ctx.db, req.params.id, req.body, actor);
      return { user: presentUser(user) };
    },
  );
};
