import type { Db } from '../../../core/db/types.js';
import type { ApiTokenRow } from '../presenters/api-token.js';

/** The API tokens of a workspace, newest first (rows hold only the secrets' hashes). */
export async function listApiTokens(db: Db, workspaceId: string) {
  return db.query<ApiTokenRow>('SELECT * FROM api_tokens WHERE workspace_id = $1 ORDER BY created_at DESC, id', [workspaceId]);
}
