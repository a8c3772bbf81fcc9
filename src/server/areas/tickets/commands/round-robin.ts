import type { Tx } from '../../../core/db/types.js';

/**
 * Picks the team's next assignee: an active, available member who was assigned longest ago (never
 * assigned first), and stamps them as just assigned — in the caller's transaction.
 *
 * Concurrency: a per-team advisory lock serialises pickers until commit. Row locks alone are not
 * enough: with SELECT … ORDER BY … FOR UPDATE, a waiting picker re-checks the same row after the
 * first commits and takes it again although it is no longer the longest-waiting member.
 * clock_timestamp() (not now(), the transaction start) keeps the order true under that lock.
 */
export async function pickRoundRobinAssignee(tx: Tx, workspaceId: string, teamId: string): Promise<string | null> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`round-robin:${teamId}`]);
  const next = await tx.maybeOne<{ user_id: string }>(
    `SELECT tm.user_id FROM team_members tm JOIN users u ON u.id = tm.user_id
     WHERE tm.workspace_id = $1 AND tm.team_id = $2 AND u.workspace_id = $1 AND u.active AND u.available
     ORDER BY tm.last_assigned_at ASC NULLS FIRST, tm.user_id
     LIMIT 1`,
    [workspaceId, teamId],
  );
  if (!next) return null;
  await tx.query(`UPDATE team_members SET last_assigned_at = clock_timestamp() WHERE workspace_id = $1 AND team_id = $2 AND user_id = $3`, [
    workspaceId,
    teamId,
    next.user_id,
  ]);
  return next.user_id;
}
