import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { login, logout, SESSION_DAYS } from './commands/sessions.js';
import { beginLoginAttempt, settleLoginAttempt } from './commands/login-throttle.js';
import { setUp } from './commands/set-up.js';
import { AppError } from '../../core/errors.js';
import { actorOf, SESSION_COOKIE } from '../../core/http/auth.js';
import { forgetSession } from '../../core/http/session-cache.js';
import { presentUser } from './presenters/user.js';
import { loadMe } from './queries/load-me.js';
import { needsSetup } from './queries/needs-setup.js';
import { UserSchema } from '../../../shared/access.js';
import { ErrorSchema } from '../../../shared/common.js';

const email = z.string().trim().email().max(254);
const password = z.string().min(8, 'Use at least 8 characters').max(200);

export const authRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.env.COOKIE_SECURE,
      path: '/',
      maxAge: SESSION_DAYS * 24 * 3600,
    });

  app.get(
    '/setup',
    { config: { public: true }, schema: { tags: ['auth'], response: { 200: z.object({ needed: z.boolean() }) } } },
    async () => ({ needed: await needsSetup(ctx.db) }),
  );

  app.post(
    '/setup',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        body: z.object({
          workspaceName: z.string().trim().min(1).max(120),
          name: z.string().trim().min(1).max(120),
          email,
          password,
          locale: z.enum(['vi', 'en']).default('vi'),
        }),
        response: { 201: z.object({ user: UserSchema }), 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { token, user } = await setUp(ctx.db, req.body);
      setCookie(reply, token);
      return reply.status(201).send({ user: presentUser(user) });
    },
  );

  app.post(
    '/auth/login',
    {
      config: {
        public: true,
        // Only a flood guard (argon2 costs CPU); guessing is slowed by the login throttle, which never
        // lets one address's failures lock the account's owner out elsewhere.
        rateLimit: { max: 60, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        body: z.object({ email, password: z.string().min(1).max(200) }),
        response: { 200: z.object({ user: UserSchema }), 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (req, reply) => {
      let attempt;
      try {
        attempt = await beginLoginAttempt(ctx.counters, { email: req.body.email, address: req.ip });
      } catch (err) {
        if (err instanceof AppError && err.id === 'auth.slow_down') reply.header('Retry-After', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
        throw err;
      }
      let session;
      try {
        session = await login(ctx.db, req.body.email, req.body.password);
      } catch (err) {
        if (err instanceof AppError && err.id === 'auth.invalid_credentials') await settleLoginAttempt(ctx.counters, attempt, false);
        throw err;
      }
      await settleLoginAttempt(ctx.counters, attempt, true);
      setCookie(reply, session.token);
      return { user: presentUser(session.user) };
    },
  );

  app.post('/auth/logout', { config: { action: 'self:write' }, schema: { tags: ['auth'], response: { 204: z.null() } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    // The session ends on every instance now, not when their caches next read it.
    if (token) forgetSession(ctx, await logout(ctx.db, token));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get(
    '/auth/me',
    {
      config: { action: 'self:read' },
      schema: {
        tags: ['auth'],
        response: {
          200: z.object({
            user: UserSchema.nullable(),
            actor: z.object({ kind: z.enum(['user', 'token']), id: z.string(), role: z.string(), name: z.string() }),
            workspace: z.object({ id: z.string(), name: z.string(), timezone: z.string(), locale: z.string(), currency: z.string() }),
          }),
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { workspace, user } = await loadMe(ctx.db, actor);
      return {
        user: user ? presentUser(user) : null,
        actor: { kind: actor.kind, id: actor.id, role: actor.role, name: actor.name },
        workspace,
      };
    },
  );
};
