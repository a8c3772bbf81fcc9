import type { StoredEvent, Tx } from '../db/types.js';
import type { Actor } from '../http/actor.js';
import type { AppEvent } from './types.js';

/** An event to append: a catalogued type with its subject type and data (AppEvent), plus who and what it is about. */
export type NewEvent = AppEvent & {
  workspaceId: string;
  subjectId: string;
  actor: Actor | null;
};

/** Appends an event row inside the caller's transaction; processors see it only after commit. */
export async function appendEvent(tx: Tx, e: NewEvent): Promise<StoredEvent> {
  const actorType = e.actor?.kind ?? 'system';
  const actorId = e.actor && e.actor.kind !== 'system' ? e.actor.id : null;
  const row = await tx.one<StoredEvent>(
    `INSERT INTO events (workspace_id, type, subject_type, subject_id, actor_type, actor_id, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [e.workspaceId, e.type, e.subjectType, e.subjectId, actorType, actorId, JSON.stringify(e.data ?? {})],
  );
  row.id = String(row.id);
  tx.events.push(row);
  return row;
}
