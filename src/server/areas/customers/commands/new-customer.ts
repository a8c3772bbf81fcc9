import type { Tx } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { insertCustomer, type CustomerRow, type ProfilePatch } from './customer-columns.js';
import { insertIdentity, type Identity } from './identities.js';

/**
 * A new profile with its (already normalised and locked) identities and its customer.created event —
 * the one way both an agent's create and an inbound first contact make a customer.
 */
export async function insertCustomerWithIdentities(
  tx: Tx,
  workspaceId: string,
  actor: Actor | null,
  patch: ProfilePatch,
  identities: Identity[],
): Promise<CustomerRow> {
  const customer = await insertCustomer(tx, workspaceId, patch);
  for (const i of identities) await insertIdentity(tx, workspaceId, customer.id, i);
  await appendEvent(tx, {
    workspaceId,
    type: 'customer.created',
    subjectType: 'customer',
    subjectId: customer.id,
    actor,
    data: { name: customer.name, identities: identities.map((i) => ({ kind: i.kind, value: i.value })) },
  });
  return customer;
}
