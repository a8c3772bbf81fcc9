import type { Db } from '../../../core/db/types.js';
import type { Actor } from '../../../core/http/actor.js';
import { undoMerge } from './merge-customers.js';

/** Undoes a merge in its own transaction (see undoMerge for what goes back). */
export function undoCustomerMerge(db: Db, input: { workspaceId: string; mergeId: string; actor: Actor | null }) {
  return db.tx((tx) => undoMerge(tx, input));
}
