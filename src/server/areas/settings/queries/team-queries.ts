import type { Sql } from '../../../core/db/types.js';
import { presentTeam, type TeamMemberRow, type TeamRow } from '../presenters/team.js';

/** Teams of a workspace (all, or one by id) with their members, presented. */
export async function loadTeams(sql: Sql, workspaceId: string, teamId?: string) {
  const teams = await sql.query<TeamRow>(
    `SELECT * FROM teams WHERE workspace_id = $1 AND ($2::uuid IS NULL OR id = $2) ORDER BY lower(name), id`,
    [workspaceId, teamId ?? null],
  );
  const members = await sql.query<TeamMemberRow>(
    `SELECT m.team_id, u.id, u.name, u.role, u.available, u.active
     FROM team_members m JOIN users u ON u.id = m.user_id AND u.workspace_id = m.workspace_id
     WHERE m.workspace_id = $1 AND ($2::uuid IS NULL OR m.team_id = $2)
     ORDER BY lower(u.name), u.id`,
    [workspaceId, teamId ?? null],
  );
  return teams.map((t) => presentTeam(t, members.filter((m) => m.team_id === t.id)));
}
