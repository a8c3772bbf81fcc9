import type { Db } from '../../../core/db/types.js';
import { conflict, notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { newId } from '../../../core/lib/ids.js';
import { isUniqueViolation } from '../../../core/lib/pg-errors.js';
import { parseRule } from '../compile-rule.js';
import type { SegmentRow } from '../segment-row.js';

export interface SegmentInput {
  name: string;
  description: string;
  rule: unknown;
}


/** Creates (no id) or replaces a segment; the rule is validated first (400 segment.invalid_rule). */
export async function saveSegment(db: Db, actor: AuthedActor, input: SegmentInput, id?: string): Promise<SegmentRow> {
  const rule = parseRule(input.rule);
  try {
    return await db.tx(async (tx) => {
      const row = id
        ? await tx.maybeOne<SegmentRow>(
            `UPDATE segments SET name = $3, description = $4, rule = $5, last_count = NULL, last_counted_at = NULL, updated_at = now()
             WHERE workspace_id = $1 AND id = $2 RETURNING *`,
            [actor.workspaceId, id, input.name, input.description, JSON.stringify(rule)],
          )
        : await tx.one<SegmentRow>(
            `INSERT INTO segments (id, workspace_id, name, description, rule, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
            [newId(), actor.workspaceId, input.name, input.description, JSON.stringify(rule), actor.kind === 'user' ? actor.id : null],
          );
      if (!row) throw notFound('segment');
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'segment.saved', subjectType: 'segment', subjectId: row.id, actor, data: { name: row.name, created: !id } });
      return row;
    });
  } catch (err) {
    // Names are unique per workspace, case aside.
    if (isUniqueViolation(err, 'segments_ws_name_key')) throw conflict('segment.name_taken', `A segment named "${input.name}" already exists`, { field: 'name' });
    throw err;
  }
}

export async function deleteSegment(db: Db, actor: AuthedActor, id: string): Promise<void> {
  await db.tx(async (tx) => {
    const row = await tx.maybeOne<{ name: string }>('DELETE FROM segments WHERE workspace_id = $1 AND id = $2 RETURNING name', [actor.workspaceId, id]);
    if (!row) throw notFound('segment');
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'segment.deleted', subjectType: 'segment', subjectId: id, actor, data: { name: row.name } });
  });
}
