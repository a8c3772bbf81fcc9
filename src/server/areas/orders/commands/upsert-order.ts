import type { z } from 'zod';
import type { Db, Tx } from '../../../core/db/types.js';
import { AppError } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { newId } from '../../../core/lib/ids.js';
import { resolveCustomer } from '../../customers/index.js';
import type { OrderStatus, OrderUpsertSchema } from '../../../../shared/orders.js';
import { refreshOrderSummaries } from './order-summary.js';
import { warrantyEndsOn } from './warranty.js';

/** The upsert body after zod (defaults applied). */
export type OrderData = z.output<typeof OrderUpsertSchema>;

export interface UpsertOrderInput {
  workspaceId: string;
  source: string;
  code: string;
  data: OrderData;
  actor: Actor | null;
  /** Webhooks: a phone or email the platform let through unchecked is skipped instead of refusing the order. */
  lenientIdentities?: boolean;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'stale';

/** An orders row as read from the database. */
export interface OrderRow {
  id: string;
  workspace_id: string;
  kind: 'order' | 'quote' | 'contract';
  source: string;
  code: string;
  customer_id: string | null;
  customer_ref: string | null;
  status: OrderStatus;
  raw_status: string | null;
  payment_method: string | null;
  amount_paid: string | number;
  shipping_status: string | null;
  carrier: string | null;
  subtotal: string | number;
  discount: string | number;
  shipping_fee: string | number;
  total: string | number;
  ordered_at: Date;
  delivered_at: Date | null;
  contract_state: string | null;
  source_updated_at: Date;
  meta: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export interface ItemValues {
  position: number;
  sku: string;
  name: string;
  quantity: number;
  unit_price: number;
  warranty_months: number | null;
  warranty_ends_on: string | null;
}

/** The columns an upsert compares and writes (everything the source owns). */
export const COMPARED = ['kind', 'status', 'raw_status', 'payment_method', 'amount_paid', 'shipping_status', 'carrier', 'subtotal', 'discount', 'shipping_fee', 'total', 'ordered_at', 'delivered_at', 'contract_state', 'meta'] as const;
type Compared = (typeof COMPARED)[number];

const ms = (d: Date | string | null | undefined) => (d === null || d === undefined ? null : +new Date(d));
const PAID_STATUSES: OrderStatus[] = ['paid', 'completed'];

/** The identities that recognise the order's customer, as resolveCustomer takes them. */
export function customerIdentities(source: string, customer: OrderData['customer']): { kind: string; value: string }[] {
  const list: { kind: string; value: string }[] = [];
  if (customer?.phone) list.push({ kind: 'phone', value: customer.phone });
  if (customer?.email) list.push({ kind: 'email', value: customer.email });
  if (customer?.code) list.push({ kind: 'external', value: `${source}:${customer.code}` });
  return list;
}

export const refOf = (ids: { kind: string; value: string }[]) => (ids.length ? ids.map((i) => `${i.kind}:${i.value}`).sort().join('|') : null);

/** Finds or creates the customer; lenient: drops an unusable phone/email and tries with the rest. */
async function matchCustomer(tx: Tx, input: UpsertOrderInput, identities: { kind: string; value: string }[]): Promise<string | null> {
  let ids = identities;
  for (;;) {
    if (ids.length === 0) return null;
    try {
      const { customer } = await resolveCustomer(tx, { workspaceId: input.workspaceId, identities: ids, name: input.data.customer?.name ?? null, actor: input.actor });
      return customer.id;
    } catch (err) {
      // normalizeIdentities throws before any SQL runs, so the transaction is still usable.
      const bad = err instanceof AppError && err.status === 400 ? { 'customer.invalid_phone': 'phone', 'customer.invalid_email': 'email' }[err.id] : undefined;
      if (!input.lenientIdentities || !bad) throw err;
      ids = ids.filter((i) => i.kind !== bad);
    }
  }
}

/** Items with positions, whole-VND prices and warranty ends. */
export function itemValues(data: OrderData, timeZone: string): ItemValues[] {
  const orderedAt = new Date(data.orderedAt);
  const deliveredAt = data.deliveredAt ? new Date(data.deliveredAt) : null;
  return (data.items ?? []).map((i, n) => ({
    position: n + 1,
    sku: i.sku,
    name: i.name,
    quantity: i.quantity,
    unit_price: Math.round(i.unitPrice),
    warranty_months: i.warrantyMonths ?? null,
    warranty_ends_on: warrantyEndsOn(orderedAt, deliveredAt, i.warrantyMonths, timeZone),
  }));
}

/** Column values for the order from the body: totals default from the items (subtotal − discount + shipping). */
export function columnValues(data: OrderData, items: ItemValues[]): Record<Compared, unknown> {
  const itemsSum = Math.round(items.reduce((s, i) => s + i.quantity * i.unit_price, 0));
  const subtotal = data.subtotal ?? itemsSum;
  const discount = data.discount ?? 0;
  const shippingFee = data.shippingFee ?? 0;
  const total = data.total ?? Math.max(0, subtotal - discount + shippingFee);
  return {
    kind: data.kind,
    status: data.status,
    raw_status: data.rawStatus ?? null,
    payment_method: data.paymentMethod ?? null,
    amount_paid: data.amountPaid ?? (PAID_STATUSES.includes(data.status) ? total : 0),
    shipping_status: data.shippingStatus ?? null,
    carrier: data.carrier ?? null,
    subtotal,
    discount,
    shipping_fee: shippingFee,
    total,
    ordered_at: new Date(data.orderedAt),
    delivered_at: data.deliveredAt ? new Date(data.deliveredAt) : null,
    contract_state: data.contractState ?? null,
    meta: data.meta ?? {},
  };
}

export function sameValue(col: Compared, stored: unknown, next: unknown): boolean {
  if (col === 'ordered_at' || col === 'delivered_at') return ms(stored as Date | null) === ms(next as Date | null);
  if (col === 'meta') return JSON.stringify(stored ?? {}) === JSON.stringify(next ?? {});
  if (['amount_paid', 'subtotal', 'discount', 'shipping_fee', 'total'].includes(col)) return Number(stored) === Number(next);
  return (stored ?? null) === (next ?? null);
}

export const itemsKey = (items: ItemValues[]) =>
  JSON.stringify(items.map((i) => [i.position, i.sku, i.name, Number(i.quantity), Number(i.unit_price), i.warranty_months ?? null, i.warranty_ends_on ?? null]));

async function storedItems(tx: Tx, orderId: string): Promise<ItemValues[]> {
  const rows = await tx.query<ItemValues & { warranty_ends_on: string | Date | null }>(
    `SELECT position, sku, name, quantity::float8 AS quantity, unit_price::float8 AS unit_price, warranty_months, to_char(warranty_ends_on, 'YYYY-MM-DD') AS warranty_ends_on
     FROM order_items WHERE order_id = $1 ORDER BY position`,
    [orderId],
  );
  return rows as ItemValues[];
}

async function insertItems(tx: Tx, workspaceId: string, orderId: string, items: ItemValues[]): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `INSERT INTO order_items (order_id, workspace_id, position, sku, name, quantity, unit_price, warranty_months, warranty_ends_on)
     SELECT $1, $2, u.position, u.sku, u.name, u.quantity, u.unit_price, u.warranty_months, u.warranty_ends_on
     FROM unnest($3::int[], $4::text[], $5::text[], $6::numeric[], $7::bigint[], $8::int[], $9::date[]) AS u(position, sku, name, quantity, unit_price, warranty_months, warranty_ends_on)`,
    [orderId, workspaceId, items.map((i) => i.position), items.map((i) => i.sku), items.map((i) => i.name), items.map((i) => i.quantity), items.map((i) => i.unit_price), items.map((i) => i.warranty_months), items.map((i) => i.warranty_ends_on)],
  );
}

async function workspaceTimeZone(tx: Tx, workspaceId: string): Promise<string> {
  const row = await tx.maybeOne<{ timezone: string }>('SELECT timezone FROM workspaces WHERE id = $1', [workspaceId]);
  return row?.timezone ?? 'Asia/Ho_Chi_Minh';
}

/** When the status was reached, as far as the source tells: its update time, else delivery for delivered states, else the order time (new) or now. */
export function statusTime(data: OrderData, isNew: boolean): Date {
  if (data.updatedAt) return new Date(data.updatedAt);
  if (data.deliveredAt && ['delivered', 'completed', 'returned'].includes(data.status)) return new Date(data.deliveredAt);
  return isNew ? new Date(data.orderedAt) : new Date();
}

/**
 * Creates or updates one order, idempotent on (workspace, source, code), inside the caller's
 * transaction. A replay, or an update whose `updatedAt` is not newer than the stored one, changes
 * nothing. Each change of the normalised status appends an order_status_changes row and an
 * `order.status_changed` event; other changes one `order.updated`. The customer is found (or created)
 * by phone, email and the shop's customer code (identity external `<source>:<code>`).
 */
export async function upsertOrderInTx(
  tx: Tx,
  input: UpsertOrderInput,
  opts: { timeZone?: string; /** Collects the customers whose order summary to refresh (the caller does it once, e.g. per import batch) instead of now. */ summaries?: Set<string> } = {},
): Promise<{ outcome: UpsertOutcome; orderId: string }> {
  const { workspaceId, source, code, data, actor } = input;
  // Two deliveries of the same new order must not both insert (the UNIQUE would fail one of them).
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`order|${workspaceId}|${source}|${code}`]);
  const existing = await tx.maybeOne<OrderRow>('SELECT * FROM orders WHERE workspace_id = $1 AND source = $2 AND code = $3 FOR UPDATE', [workspaceId, source, code]);
  const updatedAt = data.updatedAt ? new Date(data.updatedAt) : null;
  if (existing && updatedAt) {
    const stored = +new Date(existing.source_updated_at);
    if (+updatedAt < stored) return { outcome: 'stale', orderId: existing.id };
    if (+updatedAt === stored) return { outcome: 'unchanged', orderId: existing.id };
  }

  const timeZone = opts.timeZone ?? (await workspaceTimeZone(tx, workspaceId));
  const items = itemValues(data, timeZone);
  const values = columnValues(data, items);
  const identities = customerIdentities(source, data.customer);
  const ref = refOf(identities);
  // The customers' order summaries change with the order, in this transaction (or the caller's batch).
  const summarise = async (...ids: (string | null)[]) => {
    const list = ids.filter((x): x is string => !!x);
    if (opts.summaries) for (const x of list) opts.summaries.add(x);
    else await refreshOrderSummaries(tx, workspaceId, list);
  };

  if (!existing) {
    const customerId = await matchCustomer(tx, input, identities);
    const id = newId();
    const at = statusTime(data, true);
    const sourceUpdatedAt = updatedAt ?? (values.delivered_at as Date | null) ?? (values.ordered_at as Date);
    await tx.query(
      `INSERT INTO orders (id, workspace_id, source, code, customer_id, customer_ref, source_updated_at, ${COMPARED.join(', ')})
       VALUES ($1, $2, $3, $4, $5, $6, $7, ${COMPARED.map((_, i) => `$${i + 8}`).join(', ')})`,
      [id, workspaceId, source, code, customerId, ref, sourceUpdatedAt, ...COMPARED.map((c) => (c === 'meta' ? JSON.stringify(values.meta) : values[c]))],
    );
    await insertItems(tx, workspaceId, id, items);
    await tx.query('INSERT INTO order_status_changes (id, workspace_id, order_id, status, raw_status, at) VALUES ($1, $2, $3, $4, $5, $6)', [newId(), workspaceId, id, data.status, values.raw_status, at]);
    await appendEvent(tx, {
      workspaceId, type: 'order.created', subjectType: 'order', subjectId: id, actor,
      data: { source, code, kind: data.kind, status: data.status, rawStatus: (values.raw_status as string | null) ?? null, customerId, total: Number(values.total), at: at.toISOString() },
    });
    await summarise(customerId);
    return { outcome: 'created', orderId: id };
  }

  // The customer: matched again only when the update names different identities.
  let customerId = existing.customer_id;
  if (ref && (ref !== existing.customer_ref || !customerId)) customerId = await matchCustomer(tx, input, identities);
  const changed = COMPARED.filter((c) => !sameValue(c, existing[c as keyof OrderRow], values[c]));
  const itemsChanged = data.items !== undefined && itemsKey(await storedItems(tx, existing.id)) !== itemsKey(items);
  const customerChanged = customerId !== existing.customer_id;
  const newSourceTime = updatedAt ?? new Date(Math.max(Date.now(), +new Date(existing.source_updated_at)));

  if (changed.length === 0 && !itemsChanged && !customerChanged) {
    // Nothing new; remember the newer time so an older update arriving later is still recognised as older.
    if (updatedAt || ref !== existing.customer_ref) {
      await tx.query('UPDATE orders SET source_updated_at = $2, customer_ref = $3 WHERE id = $1', [existing.id, newSourceTime, ref ?? existing.customer_ref]);
    }
    return { outcome: 'unchanged', orderId: existing.id };
  }

  const sets = changed.map((c, i) => `${c} = $${i + 5}`);
  await tx.query(
    `UPDATE orders SET source_updated_at = $2, customer_id = $3, customer_ref = $4, updated_at = now()${sets.length ? ', ' + sets.join(', ') : ''} WHERE id = $1`,
    [existing.id, newSourceTime, customerId, ref ?? existing.customer_ref, ...changed.map((c) => (c === 'meta' ? JSON.stringify(values.meta) : values[c]))],
  );
  if (itemsChanged) {
    await tx.query('DELETE FROM order_items WHERE order_id = $1', [existing.id]);
    await insertItems(tx, workspaceId, existing.id, items);
  } else if (data.items === undefined && changed.includes('delivered_at')) {
    // Lines not sent again, but the delivery day moved: their warranty ends move with it.
    await recomputeWarranties(tx, existing.id, values.ordered_at as Date, values.delivered_at as Date | null, timeZone);
  }
  if (changed.includes('status')) {
    const at = statusTime(data, false);
    await tx.query('INSERT INTO order_status_changes (id, workspace_id, order_id, status, raw_status, at) VALUES ($1, $2, $3, $4, $5, $6)', [newId(), workspaceId, existing.id, data.status, values.raw_status, at]);
    await appendEvent(tx, {
      workspaceId, type: 'order.status_changed', subjectType: 'order', subjectId: existing.id, actor,
      data: { source, code, customerId, from: existing.status, to: data.status, rawStatus: (values.raw_status as string | null) ?? null, at: at.toISOString() },
    });
  }
  const others = [...changed.filter((c) => c !== 'status' && !(c === 'raw_status' && changed.includes('status'))), ...(itemsChanged ? ['items'] : []), ...(customerChanged ? ['customer_id'] : [])];
  if (others.length > 0) {
    await appendEvent(tx, { workspaceId, type: 'order.updated', subjectType: 'order', subjectId: existing.id, actor, data: { source, code, customerId, fields: others } });
  }
  await summarise(existing.customer_id, customerId);
  return { outcome: 'updated', orderId: existing.id };
}

async function recomputeWarranties(tx: Tx, orderId: string, orderedAt: Date, deliveredAt: Date | null, timeZone: string): Promise<void> {
  const rows = await tx.query<{ position: number; warranty_months: number | null }>('SELECT position, warranty_months FROM order_items WHERE order_id = $1 AND warranty_months IS NOT NULL', [orderId]);
  for (const r of rows) {
    await tx.query('UPDATE order_items SET warranty_ends_on = $3 WHERE order_id = $1 AND position = $2', [orderId, r.position, warrantyEndsOn(orderedAt, deliveredAt, r.warranty_months, timeZone)]);
  }
}

/** upsertOrderInTx in its own transaction. */
export async function upsertOrder(db: Db, input: UpsertOrderInput): Promise<{ outcome: UpsertOutcome; orderId: string }> {
  return db.tx((tx) => upsertOrderInTx(tx, input));
}
