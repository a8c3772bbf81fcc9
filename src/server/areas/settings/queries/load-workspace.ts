import type { Db } from '../../../core/db/types.js';
import type { WorkspaceRow } from '../presenters/settings.js';

/** The workspace row behind its settings (name, time zone, language, business hours …). */
export function loadWorkspace(db: Db, workspaceId: string) {
  return db.one<WorkspaceRow>('SELECT * FROM workspaces WHERE id = $1', [workspaceId]);
}
