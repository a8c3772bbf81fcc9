import type { Sql } from '../../../core/db/types.js';
import { newId } from '../../../core/lib/ids.js';
import { toSearchText } from '../../../core/lib/search-text.js';
import type { Customer } from '../../../../shared/customers.js';

/** A customers row as read from the database. */
export interface CustomerRow {
  id: string;
  workspace_id: string;
  name: string;
  search_name: string;
  phone: string | null;
  email: string | null;
  birthday: string | Date | null;
  gender: string | null;
  address: string | null;
  company: string | null;
  preferred_channel: string | null;
  lifecycle_stage: Customer['lifecycleStage'];
  segment: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  merged_into_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/**
 * The profile columns a person edits, with the SQL cast each value needs. One list drives create,
 * update, merge (fill empty fields) and undo, so a new column is added in one place.
 */
export const PROFILE_COLUMNS = {
  name: 'text',
  phone: 'text',
  email: 'text',
  birthday: 'date',
  gender: 'text',
  address: 'text',
  company: 'text',
  preferred_channel: 'text',
  lifecycle_stage: 'text',
  segment: 'text',
  tags: 'text[]',
  attributes: 'jsonb',
} as const;

export type ProfileColumn = keyof typeof PROFILE_COLUMNS;
/** Column values in their JSON form (dates as "yyyy-MM-dd", tags as arrays, attributes as objects). */
export type ProfilePatch = Partial<Record<ProfileColumn, unknown>>;

function param(col: ProfileColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return PROFILE_COLUMNS[col] === 'jsonb' ? JSON.stringify(value) : value;
}

/**
 * Writes the given profile columns of one customer (workspace-scoped) and keeps search_name in step
 * with name. Returns the updated row, or undefined when the customer is not in this workspace.
 */
export async function updateCustomerColumns(sql: Sql, workspaceId: string, id: string, patch: ProfilePatch): Promise<CustomerRow | undefined> {
  const sets: string[] = [];
  const params: unknown[] = [workspaceId, id];
  for (const [col, value] of Object.entries(patch) as [ProfileColumn, unknown][]) {
    if (!Object.hasOwn(PROFILE_COLUMNS, col) || value === undefined) continue;
    params.push(param(col, col === 'name' ? (value ?? '') : value));
    sets.push(`${col} = $${params.length}::${PROFILE_COLUMNS[col]}`);
    if (col === 'name') {
      params.push(toSearchText(String(value ?? '')));
      sets.push(`search_name = $${params.length}`);
    }
  }
  sets.push('updated_at = now()');
  return sql.maybeOne<CustomerRow>(
    `UPDATE customers SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING *`,
    params,
  );
}

/** Inserts a customer with the given profile columns (search_name derived from name). */
export async function insertCustomer(sql: Sql, workspaceId: string, patch: ProfilePatch): Promise<CustomerRow> {
  const cols: string[] = ['id', 'workspace_id', 'search_name'];
  const params: unknown[] = [newId(), workspaceId, toSearchText(String(patch.name ?? ''))];
  const values: string[] = ['$1', '$2', '$3'];
  for (const [col, value] of Object.entries(patch) as [ProfileColumn, unknown][]) {
    if (!Object.hasOwn(PROFILE_COLUMNS, col) || value === undefined || value === null) continue;
    cols.push(col);
    params.push(param(col, value));
    values.push(`$${params.length}::${PROFILE_COLUMNS[col]}`);
  }
  return sql.one<CustomerRow>(`INSERT INTO customers (${cols.join(', ')}) VALUES (${values.join(', ')}) RETURNING *`, params);
}

/** A customer's profile columns in JSON form (dates as "yyyy-MM-dd"), for comparing and remembering. */
export async function profileJson(sql: Sql, workspaceId: string, id: string): Promise<Record<ProfileColumn, unknown> | undefined> {
  const cols = Object.keys(PROFILE_COLUMNS).join(', ');
  const row = await sql.maybeOne<{ j: Record<ProfileColumn, unknown> | string }>(
    `SELECT to_jsonb(x) AS j FROM (SELECT ${cols} FROM customers WHERE workspace_id = $1 AND id = $2) x`,
    [workspaceId, id],
  );
  if (!row) return undefined;
  return typeof row.j === 'string' ? JSON.parse(row.j) : row.j;
}

/** The customer at the end of a merged_into_id chain (the profile that is still alive). */
export async function followMerged(sql: Sql, workspaceId: string, id: string): Promise<CustomerRow | undefined> {
  let current = await sql.maybeOne<CustomerRow>('SELECT * FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  for (let hops = 0; current?.merged_into_id && hops < 50; hops++) {
    current = await sql.maybeOne<CustomerRow>('SELECT * FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, current.merged_into_id]);
  }
  return current;
}
