import type { Sql } from './types.js';

/** A column of a bulk insert: its SQL type, and how to read it from a row. */
export interface BulkColumn<R> {
  name: string;
  /** uuid, text, int, date, timestamptz, jsonb (sent as text) or text[] (sent as "a|b" and split). */
  type: 'uuid' | 'text' | 'int' | 'date' | 'timestamptz' | 'jsonb' | 'text[]' | 'boolean';
  get(row: R): unknown;
}

const TAG_SEP = '|';

/**
 * Inserts rows with one `INSERT … SELECT FROM unnest($1::type[], …)` per chunk: one statement and a
 * handful of parameters for thousands of rows, on PGlite and PostgreSQL alike. Timestamps given as
 * epoch ms (sent as numbers). `constants` are the same for every row (the workspace id).
 */
export async function bulkInsert<R>(
  sql: Sql,
  table: string,
  constants: Record<string, string>,
  columns: BulkColumn<R>[],
  rows: R[],
  chunk = 5000,
): Promise<number> {
  const constNames = Object.keys(constants);
  const constValues = constNames.map((k) => constants[k]);
  const n = constNames.length;
  // Timestamps travel as epoch milliseconds: formatting tens of millions of ISO strings costs minutes.
  const arrayType = (c: BulkColumn<R>) =>
    c.type === 'jsonb' || c.type === 'text[]' ? 'text' : c.type === 'timestamptz' ? 'float8' : c.type;
  const expr = (c: BulkColumn<R>, i: number) =>
    c.type === 'jsonb' ? `u.c${i}::jsonb`
      : c.type === 'timestamptz' ? `to_timestamp(u.c${i} / 1000.0)`
      : c.type === 'text[]' ? `CASE WHEN u.c${i} = '' THEN '{}'::text[] ELSE string_to_array(u.c${i}, '${TAG_SEP}') END`
        : `u.c${i}`;
  const text = `INSERT INTO ${table} (${[...constNames, ...columns.map((c) => c.name)].join(', ')})
    SELECT ${[...constNames.map((_, i) => `$${i + 1}::uuid`), ...columns.map(expr)].join(', ')}
    FROM unnest(${columns.map((c, i) => `$${n + i + 1}::${arrayType(c)}[]`).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const params = columns.map((c) =>
      part.map((r) => {
        const v = c.get(r);
        if (v === null || v === undefined) return null;
        if (c.type === 'text[]') return (v as string[]).join(TAG_SEP);
        if (c.type === 'jsonb') return typeof v === 'string' ? v : JSON.stringify(v);
        return v;
      }),
    );
    await sql.query(text, [...constValues, ...params]);
  }
  return rows.length;
}
