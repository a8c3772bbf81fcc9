import type { Db } from '../../../core/db/types.js';

/** The SLA policy rows of a workspace (one per priority; the route sorts them by urgency). */
export function listSlaPolicies(db: Db, workspaceId: string) {
  return db.query('SELECT * FROM sla_policies WHERE workspace_id = $1', [workspaceId]);
}
