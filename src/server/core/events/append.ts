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

/** Events waiting to be written, per transaction that opted in (deferEvents). */
const deferred = new WeakMap<Tx, NewEvent[]>();

/**
 * From now on, this transaction's deferrable appendEvents calls wait and go in ONE insert just before
 * it commits (the inbound group writer: a group's customer, ticket and message events were three
 * statements). Any appendEvent, and the commit, first write what waits, so ids keep the order of the calls.
 */
export function deferEvents(tx: Tx): void {
  if (deferred.has(tx)) return;
  deferred.set(tx, []);
  (tx.beforeCommit ??= []).push(() => flushDeferredEvents(tx));
}

async function flushDeferredEvents(tx: Tx): Promise<void> {
  const waiting = deferred.get(tx);
  if (!waiting || waiting.length === 0) return;
  deferred.set(tx, []);
  await insertEvents(tx, waiting);
}

/** Appends an event row inside the caller's transaction; processors see it only after commit. */
export async function appendEvent(tx: Tx, e: NewEvent): Promise<StoredEvent> {
  await flushDeferredEvents(tx);
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

/**
 * Appends several events in one statement (a reaction writing one event per row it created); rows come
 * back in the given order, exactly as appendEvent's would. `deferrable`: the caller does not need the
 * rows, so in a transaction that deferEvents() the events wait for its one insert before COMMIT (and
 * nothing comes back).
 */
export async function appendEvents(tx: Tx, list: readonly NewEvent[], opts: { deferrable?: boolean } = {}): Promise<StoredEvent[]> {
  if (list.length === 0) return [];
  const waiting = opts.deferrable ? deferred.get(tx) : undefined;
  if (waiting) {
    waiting.push(...list);
    return [];
  }
  await flushDeferredEvents(tx);
  return insertEvents(tx, list);
}

async function insertEvents(tx: Tx, list: readonly NewEvent[]): Promise<StoredEvent[]> {
  const cols = list.map((e) => ({ e, ...actorColumns(e.actor) }));
  const rows = await tx.query<StoredEvent & { ord: number }>(
    `INSERT INTO events (workspace_id, type, subject_type, subject_id, actor_type, actor_id, data, cause_run_id, actor_label)
     SELECT w, t, st, si, at, ai, d::jsonb, cr, al
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::uuid[], $9::text[])
       WITH ORDINALITY AS u(w, t, st, si, at, ai, d, cr, al, ord)
     ORDER BY ord
     RETURNING *`,
    [
      cols.map((c) => c.e.workspaceId),
      cols.map((c) => c.e.type),
      cols.map((c) => c.e.subjectType),
      cols.map((c) => c.e.subjectId),
      cols.map((c) => c.actorType),
      cols.map((c) => c.actorId),
      cols.map((c) => JSON.stringify(c.e.data ?? {})),
      cols.map((c) => c.causeRunId),
      cols.map((c) => c.actorLabel),
    ],
  );
  // Ids are drawn in the SELECT's order, so sorting by id gives the input order back.
  rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  for (const row of rows) {
    row.id = String(row.id);
    tx.events.push(row);
  }
  return rows;
}
