import type { Customer, CustomerIdentity, CustomerMerge, CustomerNote } from '../../../shared/customers.js';
import type { CustomerRow } from './commands/customer-columns.js';
import type { CustomerIdentityRow } from './commands/identities.js';
import type { CustomerMergeRow, MergeMoved } from './commands/merge-customers.js';

/** A customer_notes row with its author's name (null when the author was deleted or a token wrote it). */
export interface CustomerNoteRow {
  id: string;
  body: string;
  author_id: string | null;
  author_name: string | null;
  created_at: Date;
}

/** A merge as the history lists it: with both profiles' names and the merger's. */
export interface CustomerMergeHistoryRow extends CustomerMergeRow {
  source_name: string;
  target_name: string;
  merged_by_name: string | null;
}

const iso = (v: Date | string): string => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null | undefined): string | null => (v === null || v === undefined ? null : iso(v));
/** A jsonb column: pg and PGlite hand over the parsed value; text is parsed too, to be safe. */
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** A DATE column as "yyyy-MM-dd": pg gives text, PGlite gives a Date at UTC midnight. */
export function calendarDay(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}

/** A customer profile as the API shows it (never search_name or workspace_id). */
export function presentCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name ?? '',
    phone: row.phone ?? null,
    email: row.email ?? null,
    birthday: calendarDay(row.birthday),
    gender: row.gender ?? null,
    address: row.address ?? null,
    company: row.company ?? null,
    preferredChannel: row.preferred_channel ?? null,
    lifecycleStage: row.lifecycle_stage,
    segment: row.segment ?? null,
    tags: row.tags ?? [],
    attributes: json(row.attributes) ?? {},
    mergedIntoId: row.merged_into_id ?? null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentIdentity(row: CustomerIdentityRow): CustomerIdentity {
  return { id: row.id, kind: row.kind, value: row.value, createdAt: iso(row.created_at) };
}

/** A note; authorName comes from a join on users (null when the author was deleted). */
export function presentNote(row: CustomerNoteRow): CustomerNote {
  return { id: row.id, body: row.body, authorId: row.author_id ?? null, authorName: row.author_name ?? null, createdAt: iso(row.created_at) };
}

/** A merge with counts of what moved (the row ids stay on the server; undo uses them). */
export function presentMerge(row: CustomerMergeRow | CustomerMergeHistoryRow): CustomerMerge {
  const moved: Partial<MergeMoved> = json(row.moved) ?? {};
  const counts: Record<string, number> = {};
  for (const [k, v] of Object.entries(moved)) if (Array.isArray(v)) counts[k] = v.length;
  return {
    id: row.id,
    sourceId: row.source_id,
    targetId: row.target_id,
    reason: row.reason,
    mergedBy: row.merged_by ?? null,
    createdAt: iso(row.created_at),
    undoneAt: isoOrNull(row.undone_at),
    moved: counts,
    filledFields: Object.keys(moved.target_after ?? {}),
    // Present when the query joined them (merge history), absent otherwise.
    ...('source_name' in row && row.source_name !== undefined ? { sourceName: row.source_name, targetName: row.target_name, mergedByName: row.merged_by_name ?? null } : {}),
  };
}
