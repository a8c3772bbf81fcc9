import type { Tx } from '../../../core/db/types.js';
import { appendEvent, appendEvents } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import { toSearchText } from '../../../core/lib/search-text.js';
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

/** One profile for insertCustomersWithIdentities: first contacts bring a name, a phone and an email at most. */
export interface NewContact {
  workspaceId: string;
  actor: Actor | null;
  name: string;
  phone: string | null;
  email: string | null;
  identities: Identity[];
}

/**
 * insertCustomerWithIdentities for several first contacts at once (a group of inbound messages from new
 * numbers): the profiles in one insert, their identities in one, their customer.created events in one,
 * instead of three statements per profile. Rows come back in the list's order.
 */
export async function insertCustomersWithIdentities(tx: Tx, list: readonly NewContact[]): Promise<CustomerRow[]> {
  if (list.length === 0) return [];
  const ids = list.map(() => newId());
  const rows = await tx.query<CustomerRow>(
    `INSERT INTO customers (id, workspace_id, search_name, name, phone, email)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) RETURNING *`,
    [ids, list.map((c) => c.workspaceId), list.map((c) => toSearchText(c.name)), list.map((c) => c.name), list.map((c) => c.phone), list.map((c) => c.email)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const identities = list.flatMap((c, k) => c.identities.map((i) => ({ ws: c.workspaceId, customerId: ids[k], i })));
  await tx.query(
    `INSERT INTO customer_identities (id, workspace_id, customer_id, kind, value)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[])`,
    [identities.map(() => newId()), identities.map((x) => x.ws), identities.map((x) => x.customerId), identities.map((x) => x.i.kind), identities.map((x) => x.i.value)],
  );
  const customers = ids.map((id) => byId.get(id)!);
  await appendEvents(
    tx,
    list.map((c, k) => ({
      workspaceId: c.workspaceId,
      type: 'customer.created' as const,
      subjectType: 'customer' as const,
      subjectId: ids[k],
      actor: c.actor,
      data: { name: customers[k].name, identities: c.identities.map((i) => ({ kind: i.kind, value: i.value })) },
    })),
    { deferrable: true },
  );
  return customers;
}
