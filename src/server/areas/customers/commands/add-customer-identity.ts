import type { Db } from '../../../core/db/types.js';
import type { Actor } from '../../../core/http/actor.js';
import { lockLiveCustomer } from './create-customer.js';
import { attachIdentity } from './customer-identities.js';

/**
 * An agent adds a phone, email … to a live profile (locked first: 404, or 409 customer.merged); an
 * identity another profile owns merges that profile in (see attachIdentity). `added` is false when
 * the profile already had it or got it through the merge.
 */
export function addCustomerIdentity(db: Db, input: { workspaceId: string; customerId: string; identity: { kind: string; value: string }; actor: Actor | null }) {
  return db.tx(async (tx) => {
    await lockLiveCustomer(tx, input.workspaceId, input.customerId);
    return attachIdentity(tx, input);
  });
}
