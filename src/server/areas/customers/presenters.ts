import type { Customer, CustomerIdentity, CustomerMerge, CustomerNote } from '../../../shared/api.js';

const iso = (v: unknown): string => new Date(v as string).toISOString();
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

/** A DATE column as "yyyy-MM-dd": pg gives text, PGlite gives a Date at UTC midnight. */
export function calendarDay(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}

/** A customer profile as the API shows it (never search_name or workspace_id). */
export function presentCustomer(row: Record<string, any>): Customer {
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

export function presentIdentity(row: Record<string, any>): CustomerIdentity {
  return { id: row.id, kind: row.kind, value: row.value, createdAt: iso(row.created_at) };
}

/** A note; authorName comes from a join on users (null when the author was deleted). */
export function presentNote(row: Record<string, any>): CustomerNote {
  return { id: row.id, body: row.body, authorId: row.author_id ?? null, authorName: row.author_name ?? null, createdAt: iso(row.created_at) };
}

/** A merge with counts of what moved (the row ids stay on the server; undo uses them). */
export function presentMerge(row: Record<string, any>): CustomerMerge {
  const moved = json(row.moved) ?? {};
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
    ...(row.source_name !== undefined ? { sourceName: row.source_name, targetName: row.target_name, mergedByName: row.merged_by_name ?? null } : {}),
  };
}
