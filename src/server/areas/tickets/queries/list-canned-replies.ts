import type { Db } from '../../../core/db/types.js';
import type { CannedReplyRow } from '../presenters/canned-reply.js';

/** The canned replies of a workspace, by shortcut. */
export function listCannedReplies(db: Db, workspaceId: string) {
  return db.query<CannedReplyRow>('SELECT * FROM canned_replies WHERE workspace_id = $1 ORDER BY shortcut', [workspaceId]);
}
