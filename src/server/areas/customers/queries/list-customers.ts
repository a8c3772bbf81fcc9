import type { Sql } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import type { CustomerRow } from '../commands/customer-columns.js';
import { detectQuery, matchClause } from './customer-match.js';

export interface ListCustomersInput {
  workspaceId: string;
  q?: string;
  tag?: string;
  stage?: string;
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

/** Live (not merged-away) customers, newest first, filtered by search text, tag and stage; keyset pages. */
export async function listCustomers(sql: Sql, input: ListCustomersInput) {
  const params: unknown[] = [input.workspaceId];
  const where = customerFilterSql(input, params);
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor);
    params.push(at, id);
    where.push(`(c.created_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(input.limit + 1);
  // last_contact_at is evaluated only for the rows of the page (one backward index probe each).
  const rows = await sql.query<CustomerRow & { cursor_at: string; last_contact_at: string | null }>(
    `SELECT c.*, c.created_at::text AS cursor_at,
       (SELECT max(m.created_at) FROM messages m WHERE m.customer_id = c.id AND m.workspace_id = $1 AND m.direction = 'inbound') AS last_contact_at
     FROM customers c
     WHERE ${where.join(' AND ')}
     ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor(last.cursor_at, last.id) : null };
}
