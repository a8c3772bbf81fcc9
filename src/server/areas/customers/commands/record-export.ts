import type { Db } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import type { AuthedActor } from '../../../core/http/actor.js';

/** Records that someone exported customers (an event; the audit log keeps it). */
export async function recordCustomersExport(db: Db, actor: AuthedActor, filters: Record<string, unknown>): Promise<void> {
  await db.tx((tx) => appendEvent(tx, { workspaceId: actor.workspaceId, type: 'customers.exported', subjectType: 'workspace', subjectId: actor.workspaceId, actor, data: { format: 'csv', filters } }));
}
