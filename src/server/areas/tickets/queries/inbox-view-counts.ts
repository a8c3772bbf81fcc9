import type { Sql } from '../../../core/db/types.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import type { InboxViewCounts } from '../../../../shared/tickets-bulk.js';

/**
 * Open tickets in each inbox view, in one pass over the open partial index (tickets_inbox_open_idx).
 * "mine" needs a user; for a token it is 0.
 */
export async function loadInboxViewCounts(sql: Sql, actor: AuthedActor, teamId: string | undefined): Promise<InboxViewCounts> {
  const me = actor.kind === 'user' ? actor.id : null;
  const row = await sql.one<{ mine: string; unassigned: string; team: string; all: string }>(
    `SELECT count(*) FILTER (WHERE t.assignee_id = $2::uuid) AS mine,
            count(*) FILTER (WHERE t.assignee_id IS NULL) AS unassigned,
            count(*) FILTER (WHERE t.team_id = $3::uuid) AS team,
            count(*) AS all
     FROM tickets t
     WHERE t.workspace_id = $1 AND t.merged_into_id IS NULL AND t.status NOT IN ('resolved', 'closed')`,
    [actor.workspaceId, me, teamId ?? null],
  );
  return { mine: Number(row.mine), unassigned: Number(row.unassigned), team: teamId ? Number(row.team) : null, all: Number(row.all) };
}
