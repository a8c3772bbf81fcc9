import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import { actorOf } from '../../../core/http/auth.js';
import { ErrorSchema } from '../../../../shared/common.js';
import { IdentityClaimConfirmedSchema, IdentityClaimListSchema, type IdentityClaim } from '../../../../shared/identity-claims.js';
import { confirmIdentityClaim, listIdentityClaims, type IdentityClaimRow } from './identity-claims.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function present(r: IdentityClaimRow, owner: { id: string; name: string } | null): IdentityClaim {
  return {
    id: r.id,
    kind: r.kind,
    value: r.value,
    source: r.source,
    ticketId: r.ticket_id,
    createdAt: iso(r.created_at)!,
    confirmedAt: iso(r.confirmed_at),
    confirmedCustomerId: r.confirmed_customer_id,
    owner,
  };
}

/** Unverified contact details a customer typed (claims), and an agent's confirmation of one. */
export const identityClaimsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/customers/:id/claims',
    {
      config: { action: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'Phones and emails this customer typed themselves (unverified), with the profile that already has each',
        params: z.object({ id: z.uuid() }),
        response: { 200: IdentityClaimListSchema, ...errors },
      },
    },
    async (req) => {
      const rows = await listIdentityClaims(ctx.db, actorOf(req).workspaceId, req.params.id);
      return { claims: rows.map((r) => present(r, r.owner)) };
    },
  );

  app.post(
    '/customers/:id/claims/:claimId/confirm',
    {
      bodyLimit: 1024,
      config: { action: 'customers:merge' },
      schema: {
        tags: ['customers'],
        summary: 'Confirm a typed phone/email: merge this profile into the one that has it (undoable), or add it to this profile',
        params: z.object({ id: z.uuid(), claimId: z.uuid() }),
        response: { 200: IdentityClaimConfirmedSchema, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const r = await confirmIdentityClaim(ctx.db, { workspaceId: actor.workspaceId, customerId: req.params.id, claimId: req.params.claimId, actor });
      return { claim: present(r.claim, null), customerId: r.customerId, mergeId: r.mergeId };
    },
  );
};
