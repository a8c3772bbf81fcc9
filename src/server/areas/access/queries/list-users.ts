import type { Db } from '../../../core/db/types.js';
import type { UserRow } from '../presenters/user.js';

/** The staff of a workspace: active first, then by name. */
export async function listUsers(db: Db, workspaceId: string) {
  return db.query<UserRow>('SELECT * FROM users WHERE workspace_id = $1 ORDER BY active DESC, lower(name), id', [workspaceId]);
}
