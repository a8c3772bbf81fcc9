import type { StoredEvent, Tx } from '../db/types.js';
import type { Actor } from '../http/actor.js';
import type { AppEvent } from './types.js';

/** An event to append: a catalogued type with its subject type and data (AppEvent), plus who and what it is about. */
export type NewEvent = AppEvent & {
  workspaceId: string;
  subjectId: string;
  actor: Actor | null;
};

/** The events row's actor columns for an actor: type, id (a user, token, customer or workflow) and the causing workflow run. */
export function actorColumns(actor: Actor | null): { actorType: string; actorId: string | null; causeRunId: string | null; actorLabel: string | null } {
  return {
    actorLabel: actor?.kind === 'automation' ? actor.name : null,
    actorType: actor?.kind ?? 'system',
    actorId: actor && 'id' in actor ? actor.id : null,
    causeRunId: actor?.kind === 'automation' ? actor.runId : null,
  };
}

/** Appends an event row inside the caller's transaction; processors see it only after commit. */
export async function appendEvent(tx: Tx, e: NewEvent): Promise<StoredEvent> {
  const { actorType, actorId, causeRunId, actorLabel } = actorColumns(e.actor);
  const row = await tx.one<StoredEvent>(
    `INSERT INTO events (workspace_id, type, subject_type, subject_id, actor_type, actor_id, data, cause_run_id, actor_label)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [e.workspaceId, e.type, e.subjectType, e.subjectId, actorType, actorId, JSON.stringify(e.data ?? {}), causeRunId, actorLabel],
  );
  row.id = String(row.id);
  tx.events.push(row);
  return row;
}
