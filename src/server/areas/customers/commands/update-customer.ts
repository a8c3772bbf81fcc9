import type { Db, Tx } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import type { CustomerPatch } from '../../../../shared/customers.js';
import { updateCustomerColumns, type CustomerRow } from './customer-columns.js';
import { attachIdentity } from './customer-identities.js';
import type { CustomerMergeRow } from './merge-customers.js';
import { apiToPatch, contactIdentities, lockLiveCustomer } from './create-customer.js';

/**
 * Edits a profile. A new phone/email becomes the primary field AND an identity; if another profile
 * owned it, that profile is merged in automatically (reason 'auto', undoable). null clears the primary
 * field only: the identity stays until removed from the identities list.
 */
export async function updateCustomer(db: Db, input: { workspaceId: string; id: string; data: CustomerPatch; actor: Actor | null }) {
  return db.tx((tx) => updateCustomerInTx(tx, input));
}

/** updateCustomer inside the caller's transaction (a workflow action commits it with its idempotency key). */
export async function updateCustomerInTx(tx: Tx, input: { workspaceId: string; id: string; data: CustomerPatch; actor: Actor | null }) {
  const { workspaceId, id, actor } = input;
  await lockLiveCustomer(tx, workspaceId, id);
  const patch = apiToPatch(input.data);
  const merges: CustomerMergeRow[] = [];
  for (const identity of contactIdentities(input.data)) {
    patch[identity.kind as 'phone' | 'email'] = identity.value;
    const r = await attachIdentity(tx, { workspaceId, customerId: id, identity, actor });
    if (r.merge) merges.push(r.merge);
  }
  const customer = (await updateCustomerColumns(tx, workspaceId, id, patch)) as CustomerRow;
  await appendEvent(tx, { workspaceId, type: 'customer.updated', subjectType: 'customer', subjectId: id, actor, data: { fields: Object.keys(patch) } });
  return { customer, merges };
}
