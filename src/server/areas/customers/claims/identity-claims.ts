import type { Db, Sql, Tx } from '../../../core/db/types.js';
import { conflict, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/lib/ids.js';
import type { Actor } from '../../../core/http/actor.js';
import { followMerged } from '../commands/customer-columns.js';
import { lockLiveCustomer } from '../commands/create-customer.js';
import { attachIdentity } from '../commands/customer-identities.js';
import { identityOwners, lockIdentities, normalizeIdentity, type Identity } from '../commands/identities.js';
import { mergeCustomers } from '../commands/merge-customers.js';

/**
 * Identity claims: a phone or email a customer TYPED (the chat widget's pre-chat or offline form).
 *
 * Which sources count as verified (they become identities and may link profiles automatically, in
 * resolveCustomer): the email channel's From address, the caller number the PBX reports on the phone
 * channel, Zalo's user id and the phone Zalo hands over through `user_submit_info` (Zalo checked it),
 * Messenger's page-scoped id (PSID), the widget's own visitor id (its cookie), and what an
 * authenticated integration sends through the inbound API. Anything a visitor types into a form is
 * not: it is kept here as a claim on the visitor's own profile and never merges anything until an
 * agent confirms it (confirmIdentityClaim).
 */
export interface IdentityClaimRow {
  id: string;
  workspace_id: string;
  customer_id: string;
  kind: 'phone' | 'email';
  value: string;
  source: string;
  ticket_id: string | null;
  created_at: Date;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  confirmed_customer_id: string | null;
}

/** Records what a customer typed about themselves (idempotent per customer, kind and value); invalid values are skipped. */
export async function recordIdentityClaims(
  sql: Sql,
  input: { workspaceId: string; customerId: string; source: string; ticketId?: string | null; claims: { kind: 'phone' | 'email'; value: string }[] },
) {
  for (const c of input.claims) {
    let identity: Identity;
    try {
      identity = normalizeIdentity(c);
    } catch {
      continue;
    }
    await sql.query(
      `INSERT INTO customer_identity_claims (id, workspace_id, customer_id, kind, value, source, ticket_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (workspace_id, customer_id, kind, value) DO NOTHING`,
      [newId(), input.workspaceId, input.customerId, identity.kind, identity.value, input.source, input.ticketId ?? null],
    );
  }
}

/**
 * An agent confirms a claim: the customer really is who they said. When another live profile owns
 * that phone/email, this (chat) profile is merged into it through the customers' merge (reason
 * 'manual', undoable; the established profile's fields win); otherwise the identity is added to this
 * profile. The claim records who confirmed it and as which profile. 409 customer.claim_confirmed
 * when it was confirmed already.
 */
export function confirmIdentityClaim(db: Db, input: { workspaceId: string; customerId: string; claimId: string; actor: Actor | null }) {
  const { workspaceId, actor } = input;
  return db.tx(async (tx: Tx) => {
    const claim = await tx.maybeOne<IdentityClaimRow>(
      'SELECT * FROM customer_identity_claims WHERE workspace_id = $1 AND customer_id = $2 AND id = $3 FOR UPDATE',
      [workspaceId, input.customerId, input.claimId],
    );
    if (!claim) throw notFound('claim', 'customer.claim_not_found');
    if (claim.confirmed_at) throw conflict('customer.claim_confirmed', 'This detail was confirmed already', { customerId: claim.confirmed_customer_id });
    const customer = await lockLiveCustomer(tx, workspaceId, input.customerId);
    const identity = normalizeIdentity(claim);
    await lockIdentities(tx, workspaceId, [identity]);
    const [owned] = await identityOwners(tx, workspaceId, [identity]);
    const owner = owned ? await followMerged(tx, workspaceId, owned.customer_id) : undefined;
    let confirmedAs = customer.id;
    let mergeId: string | null = null;
    if (owner && owner.id !== customer.id) {
      const merge = await mergeCustomers(tx, { workspaceId, targetId: owner.id, sourceId: customer.id, reason: 'manual', actor });
      confirmedAs = owner.id;
      mergeId = merge.id;
    } else if (!owner) {
      await attachIdentity(tx, { workspaceId, customerId: customer.id, identity, actor });
    }
    const userId = actor && actor.kind === 'user' ? actor.id : null;
    const row = await tx.one<IdentityClaimRow>(
      'UPDATE customer_identity_claims SET confirmed_at = now(), confirmed_by = $3, confirmed_customer_id = $4 WHERE workspace_id = $1 AND id = $2 RETURNING *',
      [workspaceId, claim.id, userId, confirmedAs],
    );
    return { claim: row, customerId: confirmedAs, mergeId };
  });
}

/** A customer's claims, each with the live profile that already owns that phone/email (if another one does). */
export async function listIdentityClaims(sql: Sql, workspaceId: string, customerId: string) {
  const rows = await sql.query<IdentityClaimRow & { owner_id: string | null; owner_name: string | null }>(
    `SELECT c.*, o.id AS owner_id, o.name AS owner_name
     FROM customer_identity_claims c
     LEFT JOIN customer_identities ci ON ci.workspace_id = c.workspace_id AND ci.kind = c.kind AND ci.value = c.value
     LEFT JOIN customers o ON o.workspace_id = c.workspace_id AND o.id = ci.customer_id
     WHERE c.workspace_id = $1 AND c.customer_id = $2
     ORDER BY c.created_at, c.kind`,
    [workspaceId, customerId],
  );
  const out = [];
  for (const r of rows) {
    // The identity's holder may have been merged away since: show the live profile.
    const live = r.owner_id ? await followMerged(sql, workspaceId, r.owner_id) : undefined;
    out.push({ ...r, owner: live && live.id !== customerId ? { id: live.id, name: live.name } : null });
  }
  return out;
}
