import type { Tx } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { followMerged, updateCustomerColumns, type CustomerRow, type ProfilePatch } from './customer-columns.js';
import { identityOwners, insertIdentity, lockIdentities, normalizeIdentities, type Identity } from './identities.js';
import { mergeCustomers } from './merge-customers.js';
import { insertCustomersWithIdentities, insertCustomerWithIdentities, type NewContact } from './new-customer.js';

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
  return (await resolveCustomers(tx, [input]))[0];
}

/**
 * resolveCustomer for several inputs in one transaction, in order (the group-commit writer's messages),
 * with the reads they share done once: every input's identities locked in one statement (sorted, so
 * in one global order), their owners read in one statement per workspace and the owning profiles in
 * one more. An input that shares an identity with an earlier one reads its owners again (the earlier
 * one may just have created or linked them); after a merge every profile is read afresh.
 */
export async function resolveCustomers(tx: Tx, inputs: ResolveCustomerInput[]): Promise<{ customer: CustomerRow; created: boolean }[]> {
  const normalized = inputs.map((input) => {
    const identities = normalizeIdentities(input.identities);
    if (identities.length === 0) throw badRequest('customer.identity_required', 'At least one phone, email or channel id is needed');
    return identities;
  });
  const byWorkspace = new Map<string, Identity[]>();
  inputs.forEach((input, k) => byWorkspace.set(input.workspaceId, [...(byWorkspace.get(input.workspaceId) ?? []), ...normalized[k]]));
  await lockIdentitiesOfWorkspaces(tx, byWorkspace);
  const ownedByWorkspace = new Map<string, Awaited<ReturnType<typeof identityOwners>>>();
  for (const [ws, ids] of byWorkspace) ownedByWorkspace.set(ws, await identityOwners(tx, ws, ids));
  const profiles = new Map<string, CustomerRow>();
  const owners = [...ownedByWorkspace].flatMap(([ws, owned]) => [...new Set(owned.map((o) => o.customer_id))].map((id) => [ws, id]));
  if (owners.length > 0) {
    const rows = await tx.query<CustomerRow>(
      'SELECT c.* FROM customers c JOIN unnest($1::uuid[], $2::uuid[]) AS q(ws, id) ON c.workspace_id = q.ws AND c.id = q.id',
      [owners.map((o) => o[0]), owners.map((o) => o[1])],
    );
    for (const c of rows) profiles.set(c.id, c);
  }
  const seen = new Set<string>();
  const out: { customer: CustomerRow; created: boolean }[] = [];
  // Inputs whose identities nobody owns become new profiles, written together (insertCustomersWithIdentities)
  // when the loop ends — or earlier, before an input that shares an identity with one of them reads its owners.
  const fresh: { k: number; contact: NewContact }[] = [];
  const writeFresh = async () => {
    const created = await insertCustomersWithIdentities(tx, fresh.map((f) => f.contact));
    fresh.forEach((f, i) => {
      profiles.set(created[i].id, created[i]);
      out[f.k] = { customer: created[i], created: true };
    });
    fresh.length = 0;
  };
  for (const [k, input] of inputs.entries()) {
    const identities = normalized[k];
    const keys = identities.map((i) => `${input.workspaceId}|${i.kind}|${i.value}`);
    const unseen = keys.every((key) => !seen.has(key));
    keys.forEach((key) => seen.add(key));
    const wanted = new Set(identities.map((i) => `${i.kind}|${i.value}`));
    if (!unseen) await writeFresh();
    const owned = unseen
      ? (ownedByWorkspace.get(input.workspaceId) ?? []).filter((o) => wanted.has(`${o.kind}|${o.value}`))
      : await identityOwners(tx, input.workspaceId, identities);
    if (owned.length === 0) {
      const firstOf = (kind: string) => identities.find((i) => i.kind === kind)?.value ?? null;
      fresh.push({ k, contact: { workspaceId: input.workspaceId, actor: input.actor, name: input.name?.trim() || '', phone: firstOf('phone'), email: firstOf('email'), identities } });
      continue;
    }
    out[k] = await resolveOne(tx, input, identities, owned, profiles);
  }
  await writeFresh();
  return out;
}

async function lockIdentitiesOfWorkspaces(tx: Tx, byWorkspace: Map<string, Identity[]>) {
  if (byWorkspace.size === 1) {
    const [[ws, ids]] = byWorkspace;
    return lockIdentities(tx, ws, ids);
  }
  // Several workspaces: still one statement, the keys sorted across all of them.
  const keys = [...byWorkspace].flatMap(([ws, ids]) => ids.map((i) => `${ws}|${i.kind}|${i.value}`));
  await tx.query('SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) s', [keys]);
}

/**
 * One input's profile from its (locked) identities' owners. `profiles` holds customer rows read in this
 * transaction and is kept current with what this function writes, so a later input need not read them.
 */
async function resolveOne(
  tx: Tx,
  input: ResolveCustomerInput,
  identities: Identity[],
  owned: Awaited<ReturnType<typeof identityOwners>>,
  profiles: Map<string, CustomerRow>,
): Promise<{ customer: CustomerRow; created: boolean }> {
  const { workspaceId, actor } = input;
  const owners = new Map<string, CustomerRow>();
  for (const o of owned) {
    const known = profiles.get(o.customer_id);
    const live = known && !known.merged_into_id ? known : await followMerged(tx, workspaceId, o.customer_id);
    if (live) owners.set(live.id, live);
  }
  const name = input.name?.trim() || null;
  const firstOf = (kind: string) => identities.find((i) => i.kind === kind)?.value ?? null;

  if (owners.size === 0) {
    const customer = await insertCustomerWithIdentities(tx, workspaceId, actor, { name: name ?? '', phone: firstOf('phone'), email: firstOf('email') }, identities);
    profiles.set(customer.id, customer);
    return { customer, created: true };
  }

  // Several profiles share these identities: they are one person. Keep the oldest, link the rest.
  const [target, ...others] = [...owners.values()].sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at) || (a.id < b.id ? -1 : 1));
  for (const other of others) await mergeCustomers(tx, { workspaceId, targetId: target.id, sourceId: other.id, reason: 'auto', actor });
  // A merge rewrites both profiles (and maybe others'): read them again from here on.
  if (others.length > 0) profiles.clear();

  const known = new Set(owned.map((o) => `${o.kind}|${o.value}`));
  const added: Identity[] = identities.filter((i) => !known.has(`${i.kind}|${i.value}`));
  for (const i of added) {
    await insertIdentity(tx, workspaceId, target.id, i);
    await appendEvent(tx, { workspaceId, type: 'customer.identity_added', subjectType: 'customer', subjectId: target.id, actor, data: { kind: i.kind, value: i.value } });
  }

  const current = profiles.get(target.id) ?? (await tx.one<CustomerRow>('SELECT * FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, target.id]));
  profiles.set(current.id, current);
  const fill: ProfilePatch = {};
  if (!current.name && name) fill.name = name;
  if (!current.phone && firstOf('phone')) fill.phone = firstOf('phone');
  if (!current.email && firstOf('email')) fill.email = firstOf('email');
  if (Object.keys(fill).length === 0) return { customer: current, created: false };
  const customer = (await updateCustomerColumns(tx, workspaceId, target.id, fill))!;
  profiles.set(customer.id, customer);
  await appendEvent(tx, { workspaceId, type: 'customer.updated', subjectType: 'customer', subjectId: target.id, actor, data: { fields: Object.keys(fill), filledFrom: 'identities' } });
  return { customer, created: false };
}
