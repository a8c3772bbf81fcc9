import type { Db } from '../../../core/db/types.js';

/** The canned replies of a workspace, by shortcut. */
export function listCannedReplies(db: Db, workspaceId: string) {
  return db.query('SELECT * FROM canned_replies WHERE workspace_id = $1 ORDER BY shortcut', [workspaceId]);
}
