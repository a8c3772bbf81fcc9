import type { Db } from '../../core/db/types.js';
import { appendEvent } from '../../core/events/append.js';
import type { AuthedActor } from '../../core/http/actor.js';
import './events.js';

/**
 * Records that someone downloaded a report as CSV (an event; the audit log keeps it). Written on the
 * primary even when the report itself was read from a replica.
 */
export async function recordReportExport(db: Db, actor: AuthedActor, report: string, filters: object, rows?: number): Promise<void> {
  await db.tx((tx) =>
    appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'metrics.exported',
      subjectType: 'workspace',
      subjectId: actor.workspaceId,
      actor,
      data: { report, filters: { ...filters }, ...(rows === undefined ? {} : { rows }) },
    }),
  );
}
