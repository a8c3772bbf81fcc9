import type { Db, Tx } from '../../../core/db/types.js';
import { conflict, notFound } from '../../../core/errors.js';
import type { Actor } from '../../../core/http/actor.js';
import type { CustomerCreate, CustomerPatch } from '../../../../shared/customers.js';
import { followMerged, type CustomerRow, type ProfilePatch } from './customer-columns.js';
import { insertCustomerWithIdentities } from './new-customer.js';
import { identityOwners, lockIdentities, normalizeIdentity, type Identity } from './identities.js';

/** Tags as stored: trimmed, de-duplicated, in the order given. */
export const cleanTags = (tags: string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

/** API field names → profile columns (only the fields present in the input). */
export function apiToPatch(input: CustomerPatch): ProfilePatch {
  const map: [keyof CustomerPatch, keyof ProfilePatch][] = [
    ['name', 'name'],
    ['phone', 'phone'],
    ['email', 'email'],
    ['birthday', 'birthday'],
    ['gender', 'gender'],
    ['address', 'address'],
    ['company', 'company'],
    ['preferredChannel', 'preferred_channel'],
    ['lifecycleStage', 'lifecycle_stage'],
    ['segment', 'segment'],
    ['tags', 'tags'],
    ['attributes', 'attributes'],
  ];
  const patch: ProfilePatch = {};
  for (const [api, col] of map) {
    if (input[api] === undefined) continue;
    const v = input[api];
    patch[col] = typeof v === 'string' && col !== 'name' && v.trim() === '' ? null : v;
  }
  if (Array.isArray(patch.tags)) patch.tags = cleanTags(patch.tags as string[]);
  return patch;
}

/** The phone/email identities a profile input carries, normalised (400 customer.invalid_phone / invalid_email). */
export function contactIdentities(input: { phone?: string | null; email?: string | null }): Identity[] {
  const out: Identity[] = [];
  if (input.phone) out.push(normalizeIdentity({ kind: 'phone', value: input.phone }));
  if (input.email) out.push(normalizeIdentity({ kind: 'email', value: input.email }));
  return out;
}

/**
 * Creates a profile by hand (agent form, API). A phone or email that already belongs to a profile is
 * refused with 409 customer.identity_taken naming that profile: creating a second profile for the
 * same person by mistake is worse than pointing the agent to the existing one.
 */
export async function createCustomerInTx(
  tx: Tx,
  input: { workspaceId: string; data: CustomerCreate; actor: Actor | null; /** caller already locked and found the identities free (import) */ identitiesChecked?: boolean },
): Promise<CustomerRow> {
  const { workspaceId, actor } = input;
  const identities = contactIdentities(input.data);
  if (!input.identitiesChecked) await lockIdentities(tx, workspaceId, identities);
  for (const o of input.identitiesChecked ? [] : await identityOwners(tx, workspaceId, identities)) {
    const live = await followMerged(tx, workspaceId, o.customer_id);
    throw conflict('customer.identity_taken', `The ${o.kind} ${o.value} already belongs to another customer`, {
      customerId: live?.id ?? o.customer_id,
      kind: o.kind,
      value: o.value,
      field: o.kind,
    });
  }
  const patch = apiToPatch(input.data);
  patch.phone = identities.find((i) => i.kind === 'phone')?.value ?? null;
  patch.email = identities.find((i) => i.kind === 'email')?.value ?? null;
  return insertCustomerWithIdentities(tx, workspaceId, actor, patch, identities);
}

/** createCustomerInTx in its own transaction. */
export function createCustomer(db: Db, input: { workspaceId: string; data: CustomerCreate; actor: Actor | null }) {
  return db.tx((tx) => createCustomerInTx(tx, input));
}

/** A live (not merged-away) customer of the workspace, locked for update; 404 / 409 customer.merged otherwise. */
export async function lockLiveCustomer(tx: Tx, workspaceId: string, id: string): Promise<CustomerRow> {
  const row = await tx.maybeOne<CustomerRow>('SELECT * FROM customers WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, id]);
  if (!row) throw notFound('customer');
  if (row.merged_into_id) {
    throw conflict('customer.merged', 'This profile was merged into another one; edit that profile instead', { mergedIntoId: row.merged_into_id });
  }
  return row;
}
