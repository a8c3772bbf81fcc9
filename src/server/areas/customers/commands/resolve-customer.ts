import type { Tx } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { followMerged, updateCustomerColumns, type CustomerRow, type ProfilePatch } from './customer-columns.js';
import { identityOwners, insertIdentity, lockIdentities, normalizeIdentities, type Identity } from './identities.js';
import { mergeCustomers } from './merge-customers.js';
import { insertCustomerWithIdentities } from './new-customer.js';

export interface ResolveCustomerInput {
  workspaceId: string;
  identities: { kind: string; value: string }[];
  name?: string | null;
  actor: Actor | null;
}

/**
 * Finds or creates the one profile behind a set of identities (inbound message, import, API):
 * normalises them, locks each (sorted) for the rest of the transaction, follows merged profiles to
 * the live one, links profiles that turn out to share identities (auto merge into the oldest), attaches
 * identities the profile did not have, and fills empty name / primary phone / email.
 * Throws 400 customer.invalid_phone / invalid_email / identity_required.
 *
 * Only VERIFIED identities may come here, since they link profiles automatically: the email channel's
 * From address, the PBX's caller number, Zalo's user id and its user_submit_info phone, Messenger's
 * PSID, the widget's visitor id, and what an authenticated integration sends. Details a customer typed
 * into a form (the chat's pre-chat phone/email) are claims (claims/identity-claims.ts), never identities.
 */
export async function resolveCustomer(tx: Tx, input: ResolveCustomerInput): Promise<{ customer: CustomerRow; created: boolean }> {
  const { workspaceId, actor } = input;
  const identities = normalizeIdentities(input.identities);
  if (identities.length === 0) throw badRequest('customer.identity_required', 'At least one phone, email or channel id is needed');
  await lockIdentities(tx, workspaceId, identities);

  const owned = await identityOwners(tx, workspaceId, identities);
  const owners = new Map<string, CustomerRow>();
  for (const o of owned) {
    const live = await followMerged(tx, workspaceId, o.customer_id);
    if (live) owners.set(live.id, live);
  }
  const name = input.name?.trim() || null;
  const firstOf = (kind: string) => identities.find((i) => i.kind === kind)?.value ?? null;

  if (owners.size === 0) {
    const customer = await insertCustomerWithIdentities(tx, workspaceId, actor, { name: name ?? '', phone: firstOf('phone'), email: firstOf('email') }, identities);
    return { customer, created: true };
  }

  // Several profiles share these identities: they are one person. Keep the oldest, link the rest.
  const [target, ...others] = [...owners.values()].sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at) || (a.id < b.id ? -1 : 1));
  for (const other of others) await mergeCustomers(tx, { workspaceId, targetId: target.id, sourceId: other.id, reason: 'auto', actor });

  const known = new Set(owned.map((o) => `${o.kind}|${o.value}`));
  const added: Identity[] = identities.filter((i) => !known.has(`${i.kind}|${i.value}`));
  for (const i of added) {
    await insertIdentity(tx, workspaceId, target.id, i);
    await appendEvent(tx, { workspaceId, type: 'customer.identity_added', subjectType: 'customer', subjectId: target.id, actor, data: { kind: i.kind, value: i.value } });
  }

  const current = (await tx.one<CustomerRow>('SELECT * FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, target.id]));
  const fill: ProfilePatch = {};
  if (!current.name && name) fill.name = name;
  if (!current.phone && firstOf('phone')) fill.phone = firstOf('phone');
  if (!current.email && firstOf('email')) fill.email = firstOf('email');
  if (Object.keys(fill).length === 0) return { customer: current, created: false };
  const customer = (await updateCustomerColumns(tx, workspaceId, target.id, fill))!;
  await appendEvent(tx, { workspaceId, type: 'customer.updated', subjectType: 'customer', subjectId: target.id, actor, data: { fields: Object.keys(fill), filledFrom: 'identities' } });
  return { customer, created: false };
}
