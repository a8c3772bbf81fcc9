import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { createTeam, deleteTeam, setTeamMembers, updateTeam } from './commands/team-commands.js';
import { loadTeams } from './queries/team-queries.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { TeamSchema } from '../../../shared/settings.js';

const name = z.string().trim().min(1).max(120);
const description = z.string().max(1000);
const params = z.object({ id: z.uuid() });
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const one = z.object({ team: TeamSchema });

export const teamsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/teams',
    { config: { action: 'teams:read' }, schema: { tags: ['teams'], summary: 'Teams (departments) with their members', response: { 200: z.object({ teams: z.array(TeamSchema) }) } } },
    async (req) => {
      return { teams: await loadTeams(ctx.db, actorOf(req).workspaceId) };
    },
  );

  app.post(
    '/teams',
    { config: { action: 'teams:manage' }, schema: { tags: ['teams'], body: z.object({ name, description: description.optional() }), response: { 201: one, ...errors } } },
    async (req, reply) => {
      return reply.status(201).send({ team: await createTeam(ctx.db, req.body, actorOf(req)) });
    },
  );

  app.patch(
    '/teams/:id',
    { config: { action: 'teams:manage' }, schema: { tags: ['teams'], params, body: z.object({ name: name.optional(), description: description.optional() }), response: { 200: one, ...errors } } },
    async (req) => {
      return { team: await updateTeam(ctx.db, req.params.id, req.body, actorOf(req)) };
    },
  );

  app.delete('/teams/:id', { config: { action: 'teams:manage' }, schema: { tags: ['teams'], params, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await deleteTeam(ctx.db, req.params.id, actorOf(req));
    return reply.status(204).send(null);
  });

  app.put(
    '/teams/:id/members',
    {
      config: { action: 'teams:manage' },
      schema: {
        tags: ['teams'],
        summary: 'Replace the members of a team',
        params,
        body: z.object({ userIds: z.array(z.uuid()).max(500) }),
        response: { 200: one, ...errors },
      },
    },
    async (req) => {
      return { team: await setTeamMembers(ctx.db, req.params.id, req.body.userIds, actorOf(req)) };
    },
  );
};
