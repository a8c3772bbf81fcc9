import { Readable } from 'node:stream';
import { literalLimit } from '../../../core/db/literal-limit.js';
import { stringify } from 'csv-stringify';
import type { Sql } from '../../../core/db/types.js';
import { calendarDay } from '../presenters.js';
import type { CustomerRow } from '../commands/customer-columns.js';
import { customerFilterSql } from './list-customers.js';

/** Optional filters, the same as the customer list's. */
export interface ExportFilters {
  q?: string;
  tag?: string;
  stage?: string;
}

const BASE_COLUMNS: (keyof CustomerRow)[] = ['name', 'phone', 'email', 'birthday', 'gender', 'address', 'company', 'tags', 'lifecycle_stage', 'preferred_channel', 'segment'];

/** Spreadsheets run cells starting with = + - @ as formulas; a leading "'" keeps them text (import strips it). */
const protect = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** "yyyy-MM-dd" → "dd/MM/yyyy", the way Vietnamese users read and type dates. */
const ddMMyyyy = (day: string | null) => (day ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : '');

/** The header of a workspace's export: the import columns plus one attr.<key> per custom field in use. */
export async function exportColumns(sql: Sql, workspaceId: string): Promise<string[]> {
  const keys = await sql.query<{ k: string }>(
    `SELECT DISTINCT jsonb_object_keys(attributes) AS k FROM customers WHERE workspace_id = $1 AND merged_into_id IS NULL ORDER BY 1`,
    [workspaceId],
  );
  return [...BASE_COLUMNS, ...keys.map((r) => `attr.${r.k}`)];
}

/** Live customers (optionally filtered like the list) as CSV records, oldest first, in keyset pages so memory stays flat. */
export async function* exportRecords(sql: Sql, workspaceId: string, columns: string[], filters: ExportFilters = {}, pageSize = 1000): AsyncGenerator<string[]> {
  let after: [string, string] | null = null;
  for (;;) {
    const params: unknown[] = [workspaceId];
    const where = customerFilterSql(filters, params);
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(c.created_at, c.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows = await sql.query<CustomerRow & { cursor_at: string }>(
      `SELECT c.*, c.created_at::text AS cursor_at FROM customers c WHERE ${where.join(' AND ')}
       ORDER BY c.created_at, c.id LIMIT ${literalLimit(pageSize)}`,
      params,
    );
    for (const r of rows) {
      const attrs = (typeof r.attributes === 'string' ? JSON.parse(r.attributes) : r.attributes) ?? {};
      yield columns.map((col) => {
        let v: unknown;
        if (col.startsWith('attr.')) v = attrs[col.slice(5)];
        else if (col === 'birthday') v = ddMMyyyy(calendarDay(r.birthday));
        else if (col === 'tags') v = (r.tags ?? []).join(';');
        // Not attr.*: one of BASE_COLUMNS, each a customers column.
        else v = r[col as keyof CustomerRow];
        return v === null || v === undefined ? '' : protect(String(v));
      });
    }
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = [last.cursor_at, last.id];
  }
}

/** The whole export as a UTF-8 CSV stream with a BOM (so Excel shows Vietnamese correctly). */
export async function exportCustomersCsv(sql: Sql, workspaceId: string, filters: ExportFilters = {}): Promise<Readable> {
  const columns = await exportColumns(sql, workspaceId);
  return Readable.from(exportRecords(sql, workspaceId, columns, filters)).pipe(stringify({ header: true, columns, bom: true }));
}
