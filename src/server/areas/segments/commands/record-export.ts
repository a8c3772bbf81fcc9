import type { Db } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import '../events.js';

/** Records that someone downloaded a segment's members as CSV (an event; the audit log keeps it). */
export async function recordSegmentExport(db: Db, actor: AuthedActor, segment: { id: string; name: string }): Promise<void> {
  await db.tx((tx) =>
    appendEvent(tx, { workspaceId: actor.workspaceId, type: 'segment.exported', subjectType: 'segment', subjectId: segment.id, actor, data: { name: segment.name, format: 'csv' } }),
  );
}
