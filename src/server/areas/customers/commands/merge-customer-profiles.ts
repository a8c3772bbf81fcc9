import type { Db } from '../../../core/db/types.js';
import type { Actor } from '../../../core/http/actor.js';
import { mergeCustomers } from './merge-customers.js';

/** An agent merges sourceId into targetId by hand (reason 'manual'), in its own transaction. */
export function mergeCustomerProfiles(db: Db, input: { workspaceId: string; targetId: string; sourceId: string; actor: Actor | null }) {
  return db.tx((tx) => mergeCustomers(tx, { ...input, reason: 'manual' }));
}
