import type { Tx } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { followMerged, updateCustomerColumns } from './customer-columns.js';
import { identityOwners, insertIdentity, lockIdentities, normalizeIdentity, type CustomerIdentityRow } from './identities.js';
import { mergeCustomers, type CustomerMergeRow } from './merge-customers.js';

/**
 * Gives a customer an identity. When the identity already belongs to another live profile, that
 * profile IS this person (PRODUCT §1: shared phone/email links automatically): it is merged into this
 * one as an undoable merge with reason 'auto'. Returns the identity row and the merge, if any.
 */
export async function attachIdentity(
  tx: Tx,
  input: { workspaceId: string; customerId: string; identity: { kind: string; value: string }; actor: Actor | null },
) {
  const { workspaceId, customerId, actor } = input;
  const identity = normalizeIdentity(input.identity);
  await lockIdentities(tx, workspaceId, [identity]);
  const [owned] = await identityOwners(tx, workspaceId, [identity]);
  let merge: CustomerMergeRow | null = null;
  if (owned) {
    const live = await followMerged(tx, workspaceId, owned.customer_id);
    if (live && live.id !== customerId) {
      merge = await mergeCustomers(tx, { workspaceId, targetId: customerId, sourceId: live.id, reason: 'auto', actor });
    }
    const row = await tx.one<CustomerIdentityRow>('SELECT * FROM customer_identities WHERE workspace_id = $1 AND id = $2', [workspaceId, owned.id]);
    return { identity: row, merge, added: false };
  }
  const row = await insertIdentity(tx, workspaceId, customerId, identity);
  await appendEvent(tx, {
    workspaceId,
    type: 'customer.identity_added',
    subjectType: 'customer',
    subjectId: customerId,
    actor,
    data: { identityId: row.id, kind: identity.kind, value: identity.value },
  });
  return { identity: row, merge, added: true };
}

/**
 * Removes one identity of a customer. If it was the primary phone/email, the primary field falls back
 * to another identity of the same kind (or empty), so the profile never shows a number it no longer owns.
 */
export async function removeIdentity(tx: Tx, input: { workspaceId: string; customerId: string; identityId: string; actor: Actor | null }) {
  const { workspaceId, customerId, actor } = input;
  const row = await tx.maybeOne<CustomerIdentityRow>(
    'DELETE FROM customer_identities WHERE workspace_id = $1 AND customer_id = $2 AND id = $3 RETURNING *',
    [workspaceId, customerId, input.identityId],
  );
  if (!row) throw notFound('identity', 'customer.identity_not_found');
  if (row.kind === 'phone' || row.kind === 'email') {
    const customer = await tx.one<{ phone: string | null; email: string | null }>('SELECT phone, email FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
    if (customer[row.kind] === row.value) {
      const next = await tx.maybeOne<{ value: string }>(
        'SELECT value FROM customer_identities WHERE workspace_id = $1 AND customer_id = $2 AND kind = $3 ORDER BY created_at LIMIT 1',
        [workspaceId, customerId, row.kind],
      );
      await updateCustomerColumns(tx, workspaceId, customerId, { [row.kind]: next?.value ?? null });
    }
  }
  await appendEvent(tx, {
    workspaceId,
    type: 'customer.identity_removed',
    subjectType: 'customer',
    subjectId: customerId,
    actor,
    data: { identityId: row.id, kind: row.kind, value: row.value },
  });
  return row;
}
