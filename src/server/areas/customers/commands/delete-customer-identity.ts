import type { Db } from '../../../core/db/types.js';
import type { Actor } from '../../../core/http/actor.js';
import { lockLiveCustomer } from './create-customer.js';
import { removeIdentity } from './customer-identities.js';

/** An agent removes one identity of a live profile (locked first: 404, or 409 customer.merged). */
export function deleteCustomerIdentity(db: Db, input: { workspaceId: string; customerId: string; identityId: string; actor: Actor | null }) {
  return db.tx(async (tx) => {
    await lockLiveCustomer(tx, input.workspaceId, input.customerId);
    await removeIdentity(tx, input);
  });
}
