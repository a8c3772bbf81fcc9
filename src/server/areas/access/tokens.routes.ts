import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { createApiToken, revokeApiToken } from './commands/token-commands.js';
import { actorOf } from '../../core/http/auth.js';
import { presentApiToken } from './presenters/api-token.js';
import { listApiTokens } from './queries/list-tokens.js';
import { ApiTokenSchema } from '../../../shared/access.js';
import { ErrorSchema } from '../../../shared/common.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

export const tokensRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/tokens',
    { config: { action: 'tokens:manage' }, schema: { tags: ['tokens'], summary: 'API tokens (never the secrets)', response: { 200: z.object({ tokens: z.array(ApiTokenSchema) }), ...errors } } },
    async (req) => {
      const rows = await listApiTokens(ctx.db, actorOf(req).workspaceId);
      return { tokens: rows.map(presentApiToken) };
    },
  );

  app.post(
    '/tokens',
    {
      config: { action: 'tokens:manage' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the token is shown only in this response',
        body: z.object({ name: z.string().trim().min(1).max(120) }),
        response: { 201: z.object({ token: z.string(), apiToken: ApiTokenSchema }), ...errors },
      },
    },
    async (req, reply) => {
      const { token, row } = await createApiToken(ctx.db, req.body, actorOf(req));
      return reply.status(201).send({ token, apiToken: presentApiToken(row) });
    },
  );

  app.delete(
    '/tokens/:id',
    { config: { action: 'tokens:manage' }, schema: { tags: ['tokens'], summary: 'Revoke an API token', params: z.object({ id: z.uuid() }), response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await revokeApiToken(ctx.db, req.params.id, actorOf(req));
      return reply.status(204).send(null);
    },
  );
};
