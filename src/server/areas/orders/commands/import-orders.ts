import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Db, Tx } from '../../../core/db/types.js';
import { AppError, badRequest } from '../../../core/errors.js';
import type { Actor } from '../../../core/http/actor.js';
import type { OrderImportResult } from '../../../../shared/orders.js';
import { RowError, orderColumnKey, parseDate, parseKind, parseMoney, parseMonths, parsePaymentMethod, parseQuantity, parseStatus } from './csv-values.js';
import { findUnchangedOrders, insertNewOrdersInBulk } from './insert-new-orders.js';
import { refreshOrderSummaries } from './order-summary.js';
import { upsertOrderInTx, type OrderData } from './upsert-order.js';

export interface ImportOrdersInput {
  workspaceId: string;
  /** orders.source of every order in the file ("csv" unless named: --source kiotviet). */
  source: string;
  /** The file: its text (HTTP) or a byte stream (CLI). */
  csv: string | NodeJS.ReadableStream;
  actor: Actor | null;
  /** Orders per transaction. */
  batchSize?: number;
  /** After each batch: bytes read so far and orders done (CLI progress bar). */
  onProgress?: (p: { bytes: number; orders: number; rows: number }) => void;
}

interface Row {
  line: number;
  cells: Record<string, string>;
}

/** The order columns of its first row and the items of all its rows → the upsert body. */
function readOrder(rows: Row[], timeZone: string): OrderData {
  const v = rows[0].cells;
  if (!v.phone && !v.email && !v.customer_code) throw new RowError('A customer phone, email or customer code is needed');
  if (!v.ordered_at) throw new RowError('The order date is missing');
  const orderedAt = parseDate(v.ordered_at, timeZone, 'Order date');
  const data: OrderData = {
    kind: v.kind ? parseKind(v.kind) : 'order',
    status: v.status ? parseStatus(v.status) : 'completed',
    rawStatus: v.status || null,
    customer: { phone: v.phone || null, email: v.email || null, code: v.customer_code || null, name: v.customer_name?.slice(0, 200) || null },
    orderedAt: orderedAt.toISOString(),
  };
  if (v.total) data.total = parseMoney(v.total, 'Total');
  if (v.subtotal) data.subtotal = parseMoney(v.subtotal, 'Subtotal');
  if (v.discount) data.discount = parseMoney(v.discount, 'Discount');
  if (v.shipping_fee) data.shippingFee = parseMoney(v.shipping_fee, 'Shipping fee');
  if (v.amount_paid) data.amountPaid = parseMoney(v.amount_paid, 'Amount paid');
  if (v.payment_method) data.paymentMethod = parsePaymentMethod(v.payment_method);
  if (v.carrier) data.carrier = v.carrier.slice(0, 100);
  if (v.shipping_status) data.shippingStatus = v.shipping_status.slice(0, 100);
  if (v.delivered_at) data.deliveredAt = parseDate(v.delivered_at, timeZone, 'Delivery date').toISOString();
  if (v.updated_at) data.updatedAt = parseDate(v.updated_at, timeZone, 'Updated at').toISOString();
  const items: NonNullable<OrderData['items']> = [];
  for (const r of rows) {
    const c = r.cells;
    if (!c.sku && !c.item_name) continue;
    try {
      items.push({
        sku: (c.sku ?? '').slice(0, 100),
        name: (c.item_name ?? '').slice(0, 300),
        quantity: c.quantity ? parseQuantity(c.quantity) : 1,
        unitPrice: c.unit_price ? parseMoney(c.unit_price, 'Unit price') : 0,
        warrantyMonths: c.warranty_months ? parseMonths(c.warranty_months) : null,
      });
    } catch (err) {
      if (err instanceof RowError) throw Object.assign(err, { line: r.line });
      throw err;
    }
  }
  if (items.length > 500) throw new RowError('An order has more than 500 lines');
  if (items.length > 0) data.items = items;
  if (!data.items && data.total === undefined) throw new RowError('Neither a total nor line items (SKU/name, quantity, unit price)');
  return data;
}

/** A stream of CSV records with their line numbers; the delimiter is guessed from the first line (Excel in Vietnamese locales saves ";"). */
async function* records(input: string | NodeJS.ReadableStream, onHeaders: (headers: string[]) => void): AsyncGenerator<{ row: Row; bytes: number }> {
  const stream = typeof input === 'string' ? Readable.from([input.replace(/^\uFEFF/, '')]) : input;
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  // Read until the first line is complete to choose the delimiter, then feed everything to the parser.
  let head = '';
  const buffered: (Buffer | string)[] = [];
  while (!head.includes('\n')) {
    const next = await chunks.next();
    if (next.done) break;
    buffered.push(next.value);
    head += typeof next.value === 'string' ? next.value : next.value.toString('utf8');
  }
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const parser = parse({ delimiter, bom: true, info: true, skip_empty_lines: true, relax_column_count: true, columns: (h: string[]) => (onHeaders(h), h) });
  const feed = (async () => {
    try {
      for (const c of buffered) if (!parser.write(c)) await new Promise((r) => parser.once('drain', r));
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        if (!parser.write(next.value)) await new Promise((r) => parser.once('drain', r));
      }
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
    yield { row: { line: item.info.lines, cells: item.record }, bytes: item.info.bytes };
  }
  await feed;
}

/**
 * Imports orders from CSV (HTTP route and CLI share it). Consecutive rows with the same order code are
 * one order (one row per line item). Orders are upserted by (source, code) like PUT /api/orders, in
 * batches, each order in its own savepoint: a bad row is reported with its line and reason and its
 * order is not written; re-importing the same file changes nothing.
 * 400 order_import.invalid_csv / missing_columns when the file itself cannot be used.
 */
export async function importOrders(db: Db, input: ImportOrdersInput): Promise<OrderImportResult> {
  const { workspaceId, source, actor } = input;
  const timeZone = (await db.maybeOne<{ timezone: string }>('SELECT timezone FROM workspaces WHERE id = $1', [workspaceId]))?.timezone ?? 'Asia/Ho_Chi_Minh';
  const result: OrderImportResult = { orders: 0, created: 0, updated: 0, unchanged: 0, errors: [], unknownColumns: [] };
  const keys = new Map<string, string>();
  const onHeaders = (headers: string[]) => {
    for (const h of headers) {
      const k = orderColumnKey(h);
      if (k && ![...keys.values()].includes(k)) keys.set(h, k);
      else if (!k && h.trim()) result.unknownColumns.push(h);
    }
    const found = new Set(keys.values());
    if (!found.has('code') || !found.has('ordered_at') || !(found.has('phone') || found.has('email') || found.has('customer_code'))) {
      throw badRequest('order_import.missing_columns', 'The first line must name the columns: at least the order code, the order date and the customer\'s phone, email or customer code', { headers });
    }
  };
  const batchSize = input.batchSize ?? 200;
  let batch: Row[][] = [];
  let group: Row[] = [];
  let rows = 0;
  let bytes = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const orders = batch;
    batch = [];
    // Read every order of the batch first: bad rows are reported, good orders go to the bulk path or one by one.
    const good: { rows: Row[]; code: string; data: OrderData }[] = [];
    for (const rowsOfOrder of orders) {
      result.orders++;
      const code = rowsOfOrder[0].cells.code;
      try {
        good.push({ rows: rowsOfOrder, code, data: readOrder(rowsOfOrder, timeZone) });
      } catch (err) {
        if (!(err instanceof RowError)) throw err;
        result.errors.push({ line: (err as RowError & { line?: number }).line ?? rowsOfOrder[0].line, code, reason: err.message });
      }
    }
    await db.tx(async (tx) => {
      const same = await findUnchangedOrders(tx, { workspaceId, source, timeZone, candidates: good });
      result.unchanged += same.size;
      const rest = good.filter((g) => !same.has(g.code));
      const summaries = new Set<string>();
      const bulk = await insertNewOrdersInBulk(tx, { workspaceId, source, actor, timeZone, candidates: rest, summaries });
      result.created += bulk.size;
      for (const g of rest) if (!bulk.has(g.code)) await applyOrder(tx, g.rows, g.code, g.data, summaries);
      // Once per batch, set-based, locks in id order (after every order lock of the batch).
      await refreshOrderSummaries(tx, workspaceId, summaries);
    });
    input.onProgress?.({ bytes, orders: result.orders, rows });
  };

  const applyOrder = async (tx: Tx, rowsOfOrder: Row[], code: string, data: OrderData, summaries: Set<string>) => {
    const eventMark = tx.events.length;
    await tx.query('SAVEPOINT import_order');
    try {
      const { outcome } = await upsertOrderInTx(tx, { workspaceId, source, code, data, actor }, { timeZone, summaries });
      if (outcome === 'created') result.created++;
      else if (outcome === 'updated') result.updated++;
      else result.unchanged++;
      await tx.query('RELEASE SAVEPOINT import_order');
    } catch (err) {
      await tx.query('ROLLBACK TO SAVEPOINT import_order');
      tx.events.splice(eventMark); // the order's events were rolled back with it
      if (!(err instanceof AppError)) throw err;
      result.errors.push({ line: rowsOfOrder[0].line, code, reason: err.message });
    }
  };

  try {
    for await (const { row, bytes: at } of records(input.csv, onHeaders)) {
      rows++;
      bytes = at;
      const cells: Record<string, string> = {};
      for (const [header, raw] of Object.entries(row.cells)) {
        const key = keys.get(header);
        if (key) cells[key] = String(raw ?? '').trim();
      }
      if (!cells.code) {
        result.errors.push({ line: row.line, code: null, reason: 'The order code is empty' });
        continue;
      }
      if (cells.code.length > 100) {
        result.errors.push({ line: row.line, code: cells.code.slice(0, 100), reason: 'The order code is longer than 100 characters' });
        continue;
      }
      if (group.length > 0 && group[0].cells.code !== cells.code) {
        batch.push(group);
        group = [];
        if (batch.length >= batchSize) await flush();
      }
      group.push({ line: row.line, cells });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw badRequest('order_import.invalid_csv', `The file is not a readable CSV: ${message}`, { line: (err as { lines?: number }).lines });
  }
  if (group.length > 0) batch.push(group);
  await flush();
  result.errors.sort((a, b) => a.line - b.line);
  return result;
}
