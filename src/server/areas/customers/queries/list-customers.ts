import type { Sql } from '../../../core/db/types.js';
import { literalLimit } from '../../../core/db/literal-limit.js';
import { badRequest } from '../../../core/errors.js';
import type { CustomerRow } from '../commands/customer-columns.js';
import { detectQuery, matchClause } from './customer-match.js';
import type { CustomerSort } from '../../../../shared/customers.js';

export interface ListCustomersInput {
  workspaceId: string;
  q?: string;
  tag?: string;
  stage?: string;
  sort?: CustomerSort;
  cursor?: string;
  limit: number;
}

/** Opaque keyset cursor: the last row's exact created_at (microseconds kept as text) and id. */
export const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

export function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) return [v[0], v[1]];
  } catch {
    // fall through to the error below
  }
  throw badRequest('pagination.invalid_cursor', 'The cursor is not valid; start again without it');
}

/**
 * Each order as its keyset: the sort key, its direction and the cast of the cursor's value. Names sort
 * by search_name in byte order (COLLATE "C"), which customers_search_name_prefix_idx (021) holds;
 * dates by customers_ws_live_created_idx (020), read backwards for oldest first.
 */
const SORTS: Record<CustomerSort, { key: string; dir: 'ASC' | 'DESC'; cast: string }> = {
  created_desc: { key: 'c.created_at', dir: 'DESC', cast: 'timestamptz' },
  created_asc: { key: 'c.created_at', dir: 'ASC', cast: 'timestamptz' },
  name_asc: { key: 'c.search_name COLLATE "C"', dir: 'ASC', cast: 'text' },
  name_desc: { key: 'c.search_name COLLATE "C"', dir: 'DESC', cast: 'text' },
};

/** The list's cursor: the order, the last row's sort value (timestamps as exact text) and its id. */
const encodeListCursor = (sort: CustomerSort, value: string, id: string) => Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');

function decodeListCursor(cursor: string, sort: CustomerSort): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v[0] === sort &&
      typeof v[1] === 'string' &&
      typeof v[2] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(v[2]) &&
      (SORTS[sort].cast !== 'timestamptz' || !Number.isNaN(Date.parse(v[1])))
    ) {
      return [v[1], v[2]];
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('pagination.invalid_cursor', 'The cursor is not valid; start again without it');
}

/**
 * WHERE conditions on customers alias `c` for the list filters (search text, tag, stage), live
 * profiles only; pushes their values onto params, whose $1 must be the workspace id.
 */
export function customerFilterSql(input: { q?: string; tag?: string; stage?: string }, params: unknown[]): string[] {
  const where = ['c.workspace_id = $1', 'c.merged_into_id IS NULL'];
  if (input.q?.trim()) {
    const m = matchClause(detectQuery(input.q), params.length + 1);
    where.push(m.sql);
    params.push(...m.params);
  }
  if (input.tag) {
    params.push([input.tag]);
    where.push(`c.tags @> $${params.length}::text[]`);
  }
  if (input.stage) {
    params.push(input.stage);
    where.push(`c.lifecycle_stage = $${params.length}`);
  }
  return where;
}

/**
 * Live (not merged-away) customers in the asked order (newest first by default), filtered by search
 * text, tag and stage; keyset pages. The first page also counts every match, for "1.234 khách hàng".
 */
export async function listCustomers(sql: Sql, input: ListCustomersInput) {
  const sort = SORTS[input.sort ?? 'created_desc'];
  const params: unknown[] = [input.workspaceId];
  const where = customerFilterSql(input, params);
  const total = input.cursor
    ? null
    : sql.maybeOne<{ n: number }>(`SELECT count(*)::int AS n FROM customers c WHERE ${where.join(' AND ')}`, [...params]).then((r) => r?.n ?? 0);
  if (input.cursor) {
    const [value, id] = decodeListCursor(input.cursor, input.sort ?? 'created_desc');
    params.push(value, id);
    const bound = `$${params.length - 1}::${sort.cast}${sort.cast === 'text' ? ' COLLATE "C"' : ''}`;
    where.push(`(${sort.key}, c.id) ${sort.dir === 'DESC' ? '<' : '>'} (${bound}, $${params.length}::uuid)`);
  }
  // last_contact_at is evaluated only for the rows of the page (one backward index probe each).
  const rows = await sql.query<CustomerRow & { cursor_value: string; last_contact_at: string | null }>(
    `SELECT c.*, (${sort.key})::text AS cursor_value,
       (SELECT max(m.created_at) FROM messages m WHERE m.customer_id = c.id AND m.workspace_id = $1 AND m.direction = 'inbound') AS last_contact_at
     FROM customers c
     WHERE ${where.join(' AND ')}
     ORDER BY ${sort.key} ${sort.dir}, c.id ${sort.dir} LIMIT ${literalLimit(input.limit + 1)}`,
    params,
  );
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: more && last ? encodeListCursor(input.sort ?? 'created_desc', last.cursor_value, last.id) : null,
    total: total === null ? null : await total,
  };
}
