import type { Db } from '../../../core/db/types.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import type { UserRow } from '../presenters/user.js';

export interface MeWorkspace {
  id: string;
  name: string;
  timezone: string;
  locale: string;
  currency: string;
}

/** The caller's workspace and, for a person (not an API token), their user row. */
export async function loadMe(db: Db, actor: AuthedActor) {
  const workspace = await db.one<MeWorkspace>('SELECT id, name, timezone, locale, currency FROM workspaces WHERE id = $1', [actor.workspaceId]);
  const user = actor.kind === 'user' ? await db.maybeOne<UserRow>('SELECT * FROM users WHERE id = $1 AND workspace_id = $2', [actor.id, actor.workspaceId]) : undefined;
  return { workspace, user };
}
