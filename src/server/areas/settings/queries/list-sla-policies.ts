import type { Db } from '../../../core/db/types.js';
import type { SlaPolicyRow } from '../presenters/settings.js';

/** The SLA policy rows of a workspace (one per priority; the route sorts them by urgency). */
export function listSlaPolicies(db: Db, workspaceId: string) {
  return db.query<SlaPolicyRow>('SELECT * FROM sla_policies WHERE workspace_id = $1', [workspaceId]);
}
