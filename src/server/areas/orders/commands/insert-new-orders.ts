import type { StoredEvent, Tx } from '../../../core/db/types.js';
import type { Actor } from '../../../core/http/actor.js';
import { actorColumns } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import { normalizePhone } from '../../../core/lib/phone.js';
import { normalizeEmail } from '../../customers/index.js';
import { COMPARED, columnValues, customerIdentities, itemValues, itemsKey, refOf, sameValue, statusTime, type ItemValues, type OrderData, type OrderRow } from './upsert-order.js';

export interface NewOrderCandidate {
  code: string;
  data: OrderData;
}

/** Stored form of an identity as the customers area keeps it (phone E.164, email lower-case), or null when unusable. */
function stored(i: { kind: string; value: string }): string | null {
  if (i.kind === 'phone') return normalizePhone(i.value);
  if (i.kind === 'email') return normalizeEmail(i.value);
  const v = i.value.trim();
  return v && v.length <= 300 ? v : null;
}

/**
 * The bulk path of an import batch: orders not stored yet whose identities all belong to one live
 * customer already (the common case when a shop's history is imported) are written with a handful of
 * set-based statements — orders, items, first status, `order.created` events (handed to the
 * transaction like appendEvent does, so reactions still run). Everything else (new customers, merges,
 * updates, an order code twice in the batch) is left to upsertOrderInTx. Returns the codes written.
 */
export async function insertNewOrdersInBulk(
  tx: Tx,
  input: { workspaceId: string; source: string; actor: Actor | null; timeZone: string; candidates: NewOrderCandidate[]; /** Gets the customers of the orders written (their summaries to refresh). */ summaries: Set<string> },
): Promise<Set<string>> {
  const { workspaceId, source, actor, timeZone } = input;
  const counts = new Map<string, number>();
  for (const c of input.candidates) counts.set(c.code, (counts.get(c.code) ?? 0) + 1);
  const unique = input.candidates.filter((c) => counts.get(c.code) === 1);
  if (unique.length === 0) return new Set();
  const codes = unique.map((c) => c.code);
  // The same lock key as upsertOrderInTx: a concurrent delivery of one of these orders waits for us.
  await tx.query('SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) s', [codes.map((c) => `order|${workspaceId}|${source}|${c}`)]);
  const existing = new Set((await tx.query<{ code: string }>('SELECT code FROM orders WHERE workspace_id = $1 AND source = $2 AND code = ANY($3::text[])', [workspaceId, source, codes])).map((r) => r.code));

  const wanted = unique
    .filter((c) => !existing.has(c.code))
    .map((c) => {
      const raw = customerIdentities(source, c.data.customer);
      const ids = raw.map((i) => ({ kind: i.kind, value: stored(i) }));
      return { ...c, raw, ids };
    })
    .filter((c) => c.ids.length > 0 && c.ids.every((i) => i.value !== null));
  if (wanted.length === 0) return new Set();
  const keys = [...new Set(wanted.flatMap((c) => c.ids.map((i) => `${i.kind}|${i.value}`)))];
  const owners = new Map(
    (
      await tx.query<{ k: string; customer_id: string; live: boolean }>(
        // (kind, value) pairs through the identities' unique index (a concatenated key would scan them all).
        `SELECT ci.kind || '|' || ci.value AS k, ci.customer_id, c.merged_into_id IS NULL AS live
         FROM unnest($2::text[], $3::text[]) AS u(kind, value)
         JOIN customer_identities ci ON ci.workspace_id = $1 AND ci.kind = u.kind AND ci.value = u.value
         JOIN customers c ON c.id = ci.customer_id`,
        [workspaceId, keys.map((k) => k.slice(0, k.indexOf('|'))), keys.map((k) => k.slice(k.indexOf('|') + 1))],
      )
    ).map((r) => [r.k, r]),
  );

  const orders: unknown[][] = [];
  const items: unknown[][] = [];
  const changes: unknown[][] = [];
  const events: { id: string; customerId: string; data: Record<string, unknown> }[] = [];
  const written = new Set<string>();
  for (const c of wanted) {
    const found = c.ids.map((i) => owners.get(`${i.kind}|${i.value}`));
    const customerId = found[0]?.customer_id;
    // Every identity already this one live customer's: nothing to create, attach or merge.
    if (!customerId || !found.every((f) => f && f.live && f.customer_id === customerId)) continue;
    const id = newId();
    const its = itemValues(c.data, timeZone);
    const values = columnValues(c.data, its);
    const at = statusTime(c.data, true);
    const sourceUpdatedAt = c.data.updatedAt ? new Date(c.data.updatedAt) : ((values.delivered_at as Date | null) ?? (values.ordered_at as Date));
    orders.push([id, c.code, customerId, refOf(c.raw), sourceUpdatedAt.toISOString(), ...COMPARED.map((k) => (k === 'meta' ? JSON.stringify(values.meta) : values[k] instanceof Date ? (values[k] as Date).toISOString() : values[k]))]);
    for (const i of its) items.push([id, i.position, i.sku, i.name, i.quantity, i.unit_price, i.warranty_months, i.warranty_ends_on]);
    changes.push([newId(), id, c.data.status, values.raw_status ?? null, at.toISOString()]);
    events.push({ id, customerId, data: { source, code: c.code, kind: c.data.kind, status: c.data.status, rawStatus: (values.raw_status as string | null) ?? null, customerId, total: Number(values.total), at: at.toISOString() } });
    written.add(c.code);
    input.summaries.add(customerId);
  }
  if (orders.length === 0) return written;

  const col = (rows: unknown[][], n: number) => rows.map((r) => r[n] ?? null);
  // In COMPARED's order: kind … contract_state, meta.
  const types = ['text', 'text', 'text', 'text', 'bigint', 'text', 'text', 'bigint', 'bigint', 'bigint', 'bigint', 'timestamptz', 'timestamptz', 'text', 'text'];
  await tx.query(
    `INSERT INTO orders (id, workspace_id, source, code, customer_id, customer_ref, source_updated_at, ${COMPARED.join(', ')})
     SELECT u.id, $1, $2, u.code, u.customer_id, u.customer_ref, u.source_updated_at, ${COMPARED.map((k) => (k === 'meta' ? 'u.meta::jsonb' : `u.${k}`)).join(', ')}
     FROM unnest($3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::timestamptz[], ${COMPARED.map((_, i) => `$${i + 8}::${types[i]}[]`).join(', ')})
       AS u(id, code, customer_id, customer_ref, source_updated_at, ${COMPARED.join(', ')})`,
    [workspaceId, source, ...[0, 1, 2, 3, 4].map((n) => col(orders, n)), ...COMPARED.map((_, i) => col(orders, i + 5))],
  );
  if (items.length > 0) {
    await tx.query(
      `INSERT INTO order_items (workspace_id, order_id, position, sku, name, quantity, unit_price, warranty_months, warranty_ends_on)
       SELECT $1, u.* FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::numeric[], $7::bigint[], $8::int[], $9::date[]) AS u`,
      [workspaceId, ...[0, 1, 2, 3, 4, 5, 6, 7].map((n) => col(items, n))],
    );
  }
  await tx.query(
    `INSERT INTO order_status_changes (workspace_id, id, order_id, status, raw_status, at)
     SELECT $1, u.* FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[]) AS u`,
    [workspaceId, ...[0, 1, 2, 3, 4].map((n) => col(changes, n))],
  );
  const { actorType, actorId, causeRunId, actorLabel } = actorColumns(actor);
  const stored_ = await tx.query<StoredEvent>(
    `INSERT INTO events (workspace_id, type, subject_type, subject_id, actor_type, actor_id, cause_run_id, actor_label, data)
     SELECT $1, 'order.created', 'order', u.id, $2, $3, $4, $5, u.data::jsonb FROM unnest($6::uuid[], $7::text[]) WITH ORDINALITY AS u(id, data, n) ORDER BY u.n
     RETURNING *`,
    [workspaceId, actorType, actorId, causeRunId, actorLabel, events.map((e) => e.id), events.map((e) => JSON.stringify(e.data))],
  );
  for (const e of stored_) {
    e.id = String(e.id);
    tx.events.push(e);
  }
  return written;
}

/**
 * The other common case of a re-import: orders already stored exactly as the file has them. Two
 * queries for the batch (rows, lines) and the same comparison as upsertOrderInTx; the codes returned
 * are unchanged (or older than what is stored) and need no write at all. The rest goes one by one.
 */
export async function findUnchangedOrders(
  tx: Tx,
  input: { workspaceId: string; source: string; timeZone: string; candidates: NewOrderCandidate[] },
): Promise<Set<string>> {
  const { workspaceId, source, timeZone } = input;
  const codes = input.candidates.map((c) => c.code);
  if (codes.length === 0) return new Set();
  const rows = await tx.query<OrderRow>('SELECT * FROM orders WHERE workspace_id = $1 AND source = $2 AND code = ANY($3::text[])', [workspaceId, source, codes]);
  if (rows.length === 0) return new Set();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const lines = await tx.query<ItemValues & { order_id: string }>(
    `SELECT order_id, position, sku, name, quantity::float8 AS quantity, unit_price::float8 AS unit_price, warranty_months, to_char(warranty_ends_on, 'YYYY-MM-DD') AS warranty_ends_on
     FROM order_items WHERE workspace_id = $1 AND order_id = ANY($2::uuid[]) ORDER BY order_id, position`,
    [workspaceId, rows.map((r) => r.id)],
  );
  const linesOf = new Map<string, ItemValues[]>();
  for (const l of lines) {
    const list = linesOf.get(l.order_id);
    if (list) list.push(l);
    else linesOf.set(l.order_id, [l]);
  }
  const seen = new Map<string, number>();
  for (const c of input.candidates) seen.set(c.code, (seen.get(c.code) ?? 0) + 1);
  const same = new Set<string>();
  for (const c of input.candidates) {
    const stored = byCode.get(c.code);
    if (!stored || seen.get(c.code) !== 1) continue;
    if (c.data.updatedAt && +new Date(c.data.updatedAt) <= +new Date(stored.source_updated_at)) {
      same.add(c.code);
      continue;
    }
    if (c.data.updatedAt) continue; // newer: it may only move the stored time, which upsertOrderInTx does
    const its = itemValues(c.data, timeZone);
    const values = columnValues(c.data, its);
    const ref = refOf(customerIdentities(source, c.data.customer));
    if (ref !== stored.customer_ref || !stored.customer_id) continue;
    if (!COMPARED.every((k) => sameValue(k, stored[k as keyof OrderRow], values[k]))) continue;
    if (c.data.items !== undefined && itemsKey(linesOf.get(stored.id) ?? []) !== itemsKey(its)) continue;
    same.add(c.code);
  }
  return same;
}
