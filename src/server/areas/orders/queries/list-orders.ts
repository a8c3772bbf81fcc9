import type { Sql } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import { OPEN_ORDER_STATUSES, type OrderList, type OrderListQuery } from '../../../../shared/orders.js';
import type { OrderRowWithCustomer } from '../presenters.js';
import { ORDER_COLUMNS, ORDER_CUSTOMER_JOIN, presentOrderRows, profileIdsSql } from './load-orders.js';

export function encodeOrderCursor(orderedAt: Date, id: string): string {
  return Buffer.from(`${+new Date(orderedAt)}|${id}`).toString('base64url');
}

function decodeOrderCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!/^\d{1,15}$/.test(at ?? '') || !/^[0-9a-f-]{36}$/i.test(id ?? '')) throw badRequest('orders.invalid_cursor', 'The cursor is not one this list gave');
  return { at: new Date(Number(at)), id };
}

/**
 * Orders newest first (ordered_at, id), keyset pages. q: the order code (exact or its beginning,
 * any case), or the customer's phone digits or name. customerId includes profiles merged into it.
 */
export async function listOrders(sql: Sql, workspaceId: string, query: OrderListQuery): Promise<OrderList> {
  const params: unknown[] = [workspaceId];
  const where = ['o.workspace_id = $1'];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (query.customerId) where.push(`o.customer_id IN ${profileIdsSql(param(query.customerId))}`);
  if (query.status) where.push(`o.status = ${param(query.status)}`);
  if (query.open === 'true') where.push(`o.status IN (${OPEN_ORDER_STATUSES.map((s) => `'${s}'`).join(', ')})`);
  if (query.open === 'false') where.push(`o.status NOT IN (${OPEN_ORDER_STATUSES.map((s) => `'${s}'`).join(', ')})`);
  if (query.source) where.push(`o.source = ${param(query.source.toLowerCase())}`);
  if (query.kind) where.push(`o.kind = ${param(query.kind)}`);
  const q = query.q?.trim();
  if (q) {
    const like = param(`${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    const alternatives = [`lower(o.code) LIKE ${like}`];
    const digits = q.replace(/\D/g, '');
    if (digits.length >= 6 && digits.length === q.replace(/[\s.+()-]/g, '').length) {
      // A phone: stored E.164, typed as 0912… or +84912…
      alternatives.push(`c.phone LIKE ${param(`%${digits.replace(/^0/, '').replace(/^84/, '')}%`)}`);
    } else if (q.length >= 2) {
      alternatives.push(`c.name ILIKE ${param(`%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)}`);
    }
    where.push(`(${alternatives.join(' OR ')})`);
  }
  if (query.cursor) {
    const c = decodeOrderCursor(query.cursor);
    where.push(`(o.ordered_at, o.id) < (${param(c.at)}, ${param(c.id)}::uuid)`);
  }
  const limit = query.limit ?? 25;
  const rows = await sql.query<OrderRowWithCustomer>(
    `SELECT ${ORDER_COLUMNS} FROM orders o ${ORDER_CUSTOMER_JOIN}
     WHERE ${where.join(' AND ')} ORDER BY o.ordered_at DESC, o.id DESC LIMIT ${limit + 1}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await presentOrderRows(sql, workspaceId, page),
    nextCursor: rows.length > limit && last ? encodeOrderCursor(last.ordered_at, last.id) : null,
  };
}
