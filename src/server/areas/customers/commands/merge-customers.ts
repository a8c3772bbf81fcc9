import type { Tx } from '../../../core/db/types.js';
import { badRequest, conflict, notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import type { Actor } from '../../../core/http/actor.js';
import { profileJson, updateCustomerColumns, type CustomerRow, type ProfileColumn, type ProfilePatch } from './customer-columns.js';

/**
 * Tables whose rows belong to a customer and follow it on merge (and go back on undo). The key is the
 * name used in customer_merges.moved. Orders, surveys or calls join by adding a line here.
 */
export const MERGE_MOVABLE: { key: string; table: string }[] = [
  { key: 'tickets', table: 'tickets' },
  { key: 'messages', table: 'messages' },
  { key: 'notes', table: 'customer_notes' },
  { key: 'identities', table: 'customer_identities' },
];

/** Profile fields a merge fills on the target when the target has none (the target's values win). */
const FILLABLE: ProfileColumn[] = ['name', 'phone', 'email', 'birthday', 'gender', 'address', 'company', 'preferred_channel', 'segment'];

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

export interface MergeMoved {
  [key: string]: unknown;
  target_before: ProfilePatch;
  target_after: ProfilePatch;
}

/** A customer_merges row as read from the database. */
export interface CustomerMergeRow {
  id: string;
  workspace_id: string;
  source_id: string;
  target_id: string;
  /** jsonb: parsed by pg and PGlite; text is parsed too, to be safe. */
  moved: MergeMoved | string;
  reason: 'manual' | 'auto';
  merged_by: string | null;
  created_at: Date;
  undone_at: Date | null;
}

export interface MergeInput {
  workspaceId: string;
  targetId: string;
  sourceId: string;
  reason: 'manual' | 'auto';
  actor: Actor | null;
}

/**
 * Merges source into target in the caller's transaction: moves the source's rows (MERGE_MOVABLE),
 * fills the target's empty fields, unions tags and attributes, marks the source merged_into_id, and
 * records exactly what moved and what the target looked like before, so undoMerge can reverse it.
 */
export async function mergeCustomers(tx: Tx, input: MergeInput) {
  const { workspaceId, targetId, sourceId } = input;
  if (targetId === sourceId) throw badRequest('customer.merge_self', 'A customer cannot be merged into itself');
  // Lock both profiles in id order so two merges touching the same pair cannot deadlock.
  const locked = await tx.query<CustomerRow>(
    'SELECT * FROM customers WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
    [workspaceId, [targetId, sourceId]],
  );
  const target = locked.find((c) => c.id === targetId);
  const source = locked.find((c) => c.id === sourceId);
  if (!target) throw notFound('customer');
  if (!source) throw notFound('customer', 'customer.source_not_found');
  if (target.merged_into_id) throw conflict('customer.already_merged', 'The target profile was merged into another profile', { mergedIntoId: target.merged_into_id });
  if (source.merged_into_id) throw conflict('customer.already_merged', 'The source profile was already merged into another profile', { mergedIntoId: source.merged_into_id });

  const moved: Record<string, string[]> = {};
  for (const m of MERGE_MOVABLE) {
    const rows = await tx.query<{ id: string }>(
      `UPDATE ${m.table} SET customer_id = $3 WHERE workspace_id = $1 AND customer_id = $2 RETURNING id`,
      [workspaceId, sourceId, targetId],
    );
    moved[m.key] = rows.map((r) => r.id);
  }

  const before = (await profileJson(tx, workspaceId, targetId))!;
  const src = (await profileJson(tx, workspaceId, sourceId))!;
  const patch: ProfilePatch = {};
  for (const col of FILLABLE) if (isEmpty(before[col]) && !isEmpty(src[col])) patch[col] = src[col];
  const tags = [...new Set([...((before.tags as string[]) ?? []), ...((src.tags as string[]) ?? [])])];
  if (tags.length !== ((before.tags as string[]) ?? []).length) patch.tags = tags;
  const attrs = { ...((src.attributes as object) ?? {}), ...((before.attributes as object) ?? {}) };
  if (Object.keys(attrs).length !== Object.keys((before.attributes as object) ?? {}).length) patch.attributes = attrs;

  const targetBefore: ProfilePatch = {};
  for (const col of Object.keys(patch) as ProfileColumn[]) targetBefore[col] = before[col];
  if (Object.keys(patch).length > 0) await updateCustomerColumns(tx, workspaceId, targetId, patch);
  await tx.query('UPDATE customers SET merged_into_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2', [workspaceId, sourceId, targetId]);

  const fullMoved: MergeMoved = { ...moved, target_before: targetBefore, target_after: patch };
  const merge = await tx.one<CustomerMergeRow>(
    `INSERT INTO customer_merges (id, workspace_id, source_id, target_id, moved, reason, merged_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [newId(), workspaceId, sourceId, targetId, JSON.stringify(fullMoved), input.reason, input.actor?.kind === 'user' ? input.actor.id : null],
  );
  const counts = Object.fromEntries(MERGE_MOVABLE.map((m) => [m.key, moved[m.key].length]));
  await appendEvent(tx, {
    workspaceId,
    type: 'customer.merged',
    subjectType: 'customer',
    subjectId: targetId,
    actor: input.actor,
    data: { mergeId: merge.id, sourceId, reason: input.reason, moved: counts, filled: Object.keys(patch) },
  });
  await appendEvent(tx, {
    workspaceId,
    type: 'customer.merged_away',
    subjectType: 'customer',
    subjectId: sourceId,
    actor: input.actor,
    data: { mergeId: merge.id, targetId, reason: input.reason },
  });
  return merge;
}

/**
 * Reverses a merge: moves back exactly the recorded rows that still sit on the target, restores the
 * target fields the merge filled (unless someone changed them since), and revives the source.
 * 409 customer_merge.already_undone when undone before; 409 customer_merge.target_merged when the
 * target has itself been merged away since (undo that merge first).
 */
export async function undoMerge(tx: Tx, input: { workspaceId: string; mergeId: string; actor: Actor | null }) {
  const { workspaceId } = input;
  const merge = await tx.maybeOne<CustomerMergeRow>('SELECT * FROM customer_merges WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, input.mergeId]);
  if (!merge) throw notFound('customer_merge');
  if (merge.undone_at) throw conflict('customer_merge.already_undone', 'This merge was already undone');
  const locked = await tx.query<CustomerRow>(
    'SELECT * FROM customers WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
    [workspaceId, [merge.target_id, merge.source_id]],
  );
  const target = locked.find((c) => c.id === merge.target_id);
  if (target?.merged_into_id) {
    throw conflict('customer_merge.target_merged', 'The kept profile was merged again since; undo that merge first', { mergedIntoId: target.merged_into_id });
  }
  const moved: MergeMoved = typeof merge.moved === 'string' ? JSON.parse(merge.moved) : merge.moved;
  const movedBack: Record<string, number> = {};
  for (const m of MERGE_MOVABLE) {
    const ids = (moved[m.key] as string[] | undefined) ?? [];
    if (ids.length === 0) {
      movedBack[m.key] = 0;
      continue;
    }
    const rows = await tx.query<{ id: string }>(
      `UPDATE ${m.table} SET customer_id = $3 WHERE workspace_id = $1 AND customer_id = $2 AND id = ANY($4::uuid[]) RETURNING id`,
      [workspaceId, merge.target_id, merge.source_id, ids],
    );
    movedBack[m.key] = rows.length;
  }
  // Restore only fields still holding what the merge put there: a later edit by an agent wins.
  const current = (await profileJson(tx, workspaceId, merge.target_id))!;
  const restore: ProfilePatch = {};
  for (const [col, after] of Object.entries(moved.target_after ?? {}) as [ProfileColumn, unknown][]) {
    if (JSON.stringify(current[col]) === JSON.stringify(after)) restore[col] = moved.target_before[col];
  }
  if (Object.keys(restore).length > 0) await updateCustomerColumns(tx, workspaceId, merge.target_id, restore);
  await tx.query('UPDATE customers SET merged_into_id = NULL, updated_at = now() WHERE workspace_id = $1 AND id = $2', [workspaceId, merge.source_id]);
  const undone = await tx.one<CustomerMergeRow>('UPDATE customer_merges SET undone_at = now() WHERE id = $1 RETURNING *', [merge.id]);
  await appendEvent(tx, {
    workspaceId,
    type: 'customer.merge_undone',
    subjectType: 'customer',
    subjectId: merge.target_id,
    actor: input.actor,
    data: { mergeId: merge.id, sourceId: merge.source_id, movedBack, restored: Object.keys(restore) },
  });
  return undone;
}
