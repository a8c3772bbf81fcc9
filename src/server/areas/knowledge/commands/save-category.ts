import type { Db } from '../../../core/db/types.js';
import { conflict, notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { newId } from '../../../core/lib/ids.js';
import { isUniqueViolation } from '../../../core/lib/pg-errors.js';

export interface CategoryRow {
  id: string;
  name: string;
  position: number;
}

/** Creates (no id) or renames a category; names are unique per workspace, case aside (409 kb.category_taken). */
export async function saveCategory(db: Db, actor: Actor, input: { name: string; position: number }, id?: string): Promise<CategoryRow> {
  const ws = actor.workspaceId;
  try {
    return await db.tx(async (tx) => {
      const row = id
        ? await tx.maybeOne<CategoryRow>('UPDATE kb_categories SET name = $3, position = $4 WHERE workspace_id = $1 AND id = $2 RETURNING id, name, position', [ws, id, input.name, input.position])
        : await tx.one<CategoryRow>('INSERT INTO kb_categories (id, workspace_id, name, position) VALUES ($1, $2, $3, $4) RETURNING id, name, position', [newId(), ws, input.name, input.position]);
      if (!row) throw notFound('kb_category', 'kb.category_not_found');
      await appendEvent(tx, { workspaceId: ws, type: 'kb_category.saved', subjectType: 'kb_category', subjectId: row.id, actor, data: { name: row.name, created: !id } });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'kb_categories_ws_name_key')) throw conflict('kb.category_taken', `A category named "${input.name}" already exists`, { field: 'name' });
    throw err;
  }
}

/** Deletes a category; its articles stay, without a category. */
export async function deleteCategory(db: Db, actor: Actor, id: string): Promise<void> {
  await db.tx(async (tx) => {
    const row = await tx.maybeOne<{ name: string }>('DELETE FROM kb_categories WHERE workspace_id = $1 AND id = $2 RETURNING name', [actor.workspaceId, id]);
    if (!row) throw notFound('kb_category', 'kb.category_not_found');
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'kb_category.deleted', subjectType: 'kb_category', subjectId: id, actor, data: { name: row.name } });
  });
}
