import type { Sql, Tx } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import { newId } from '../../../core/lib/ids.js';
import { normalizePhone } from '../../../core/lib/phone.js';
import { IDENTITY_KINDS } from '../../../../shared/common.js';

export type IdentityKind = (typeof IDENTITY_KINDS)[number];
export interface Identity {
  kind: IdentityKind;
  value: string;
}

/** A customer_identities row as read from the database. */
export interface CustomerIdentityRow {
  id: string;
  workspace_id: string;
  customer_id: string;
  kind: IdentityKind;
  value: string;
  created_at: Date;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-case, trimmed email, or null when it is not an email address. */
export function normalizeEmail(input: string): string | null {
  const v = (input ?? '').trim().toLowerCase();
  return EMAIL_RE.test(v) && v.length <= 254 ? v : null;
}

/** One identity in stored form (phone E.164, email lower-case); 400 customer.invalid_phone / invalid_email / invalid_identity. */
export function normalizeIdentity(i: { kind: string; value: string }): Identity {
  if (!(IDENTITY_KINDS as readonly string[]).includes(i.kind)) throw badRequest('customer.invalid_identity', `Unknown identity kind "${i.kind}"`);
  const kind = i.kind as IdentityKind;
  if (kind === 'phone') {
    const v = normalizePhone(i.value);
    if (!v) throw badRequest('customer.invalid_phone', `"${i.value}" is not a valid phone number`);
    return { kind, value: v };
  }
  if (kind === 'email') {
    const v = normalizeEmail(i.value);
    if (!v) throw badRequest('customer.invalid_email', `"${i.value}" is not a valid email address`);
    return { kind, value: v };
  }
  const v = (i.value ?? '').trim();
  if (!v || v.length > 300) throw badRequest('customer.invalid_identity', `The ${kind} id must be 1–300 characters`);
  return { kind, value: v };
}

/** Normalised, de-duplicated identities in a stable (sorted) order. */
export function normalizeIdentities(list: { kind: string; value: string }[]): Identity[] {
  const byKey = new Map<string, Identity>();
  for (const i of list) {
    const n = normalizeIdentity(i);
    byKey.set(`${n.kind}|${n.value}`, n);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/**
 * Serialises writers of the same identities until the transaction ends, so two first contacts of
 * the same new person cannot both create a profile. Locks are taken in sorted order (no deadlock).
 */
export async function lockIdentities(tx: Tx, workspaceId: string, identities: Identity[]): Promise<void> {
  if (identities.length === 0) return;
  const keys = identities.map((i) => `${workspaceId}|${i.kind}|${i.value}`);
  // One round trip; the ordered subquery makes the locks come in sorted order.
  await tx.query(
    'SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) s',
    [keys],
  );
}

/** Which customer (as stored, possibly merged away) owns each identity. */
export async function identityOwners(sql: Sql, workspaceId: string, identities: Identity[]) {
  if (identities.length === 0) return [];
  return sql.query<{ id: string; customer_id: string; kind: IdentityKind; value: string }>(
    `SELECT ci.id, ci.customer_id, ci.kind, ci.value FROM customer_identities ci
     JOIN unnest($2::text[], $3::text[]) AS q(kind, value) ON q.kind = ci.kind AND q.value = ci.value
     WHERE ci.workspace_id = $1`,
    [workspaceId, identities.map((i) => i.kind), identities.map((i) => i.value)],
  );
}

/** Inserts an identity for a customer (the caller holds its lock and checked it is free). */
export async function insertIdentity(sql: Sql, workspaceId: string, customerId: string, i: Identity) {
  return sql.one<CustomerIdentityRow>(
    `INSERT INTO customer_identities (id, workspace_id, customer_id, kind, value) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [newId(), workspaceId, customerId, i.kind, i.value],
  );
}
