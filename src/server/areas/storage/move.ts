import type { Sql } from '../../core/db/types.js';
import { attachmentKey, type ObjectStore } from '../../core/storage/index.js';
import { inParallel } from './collect.js';

export type Destination = 'db' | 's3';

export interface MoveResult {
  moved: number;
  /** Objects a row named but the bucket did not have (moving to the database): left as they were. */
  missing: string[];
}

/** Rows read (with their bytes) per round. */
const BATCH = 50;

/**
 * Moves existing attachments' bytes to `to`: from the database into the bucket (object first, then the
 * row, so a committed row always has its bytes), or back (row first, then the object is deleted). Each
 * row moves in its own statement, guarded by where it is now, so the move can stop anywhere and be
 * run again: it carries on with the rows still to move, and a finished move finds none. An object
 * written for a row that did not switch yet is simply written again with the same key.
 */
export async function moveAttachments(
  db: Sql,
  store: ObjectStore,
  to: Destination,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<MoveResult> {
  const from: Destination = to === 's3' ? 'db' : 's3';
  const total = (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM attachments WHERE stored_in = $1', [from])).n;
  const result: MoveResult = { moved: 0, missing: [] };
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  onProgress(0, total);
  for (;;) {
    const rows = await db.query<{ id: string; workspace_id: string; content_type: string; data: Uint8Array | null; storage_key: string | null }>(
      `SELECT id, workspace_id, content_type, ${to === 's3' ? 'data' : 'NULL::bytea AS data'}, storage_key FROM attachments
        WHERE stored_in = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [from, after, BATCH],
    );
    if (rows.length === 0) return result;
    after = rows.at(-1)!.id;
    await inParallel(rows, 8, async (r) => {
      if (to === 's3') {
        const key = attachmentKey(r.workspace_id, r.id);
        await store.put(key, Buffer.from(r.data!), r.content_type);
        const n = await db.query(`UPDATE attachments SET stored_in = 's3', storage_key = $2, data = NULL WHERE id = $1 AND stored_in = 'db' RETURNING id`, [r.id, key]);
        result.moved += n.length;
      } else {
        const bytes = await store.get(r.storage_key!);
        if (!bytes) {
          result.missing.push(r.storage_key!);
        } else {
          const n = await db.query(`UPDATE attachments SET stored_in = 'db', data = $2, storage_key = NULL WHERE id = $1 AND stored_in = 's3' RETURNING id`, [r.id, bytes]);
          // Stopped between the update and this delete: the orphan sweep deletes the object later.
          if (n.length) await store.delete(r.storage_key!);
          result.moved += n.length;
        }
      }
      onProgress(++done, total);
    });
  }
}
