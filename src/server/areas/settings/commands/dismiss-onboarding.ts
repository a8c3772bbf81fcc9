import type { Db } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import type { AuthedActor } from '../../../core/http/actor.js';

/** Hides the getting-started checklist for the workspace; hiding it again changes nothing. */
export async function dismissOnboarding(db: Db, actor: AuthedActor) {
  await db.tx(async (tx) => {
    const row = await tx.maybeOne<{ id: string }>(
      'UPDATE workspaces SET onboarding_dismissed_at = now() WHERE id = $1 AND onboarding_dismissed_at IS NULL RETURNING id',
      [actor.workspaceId],
    );
    if (!row) return;
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'onboarding.dismissed', subjectType: 'workspace', subjectId: actor.workspaceId, actor, data: {} });
  });
}
