import type { Role } from '../../../core/http/actor.js';

/** A teams row as read from the database. */
export interface TeamRow {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  created_at: Date;
}

/** A member of a team: team_members joined with the user's columns. */
export interface TeamMemberRow {
  team_id: string;
  id: string;
  name: string;
  role: Role;
  available: boolean;
  active: boolean;
}

/** A team member as the API shows it (from a users row). */
export function presentTeamMember(row: TeamMemberRow) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    available: row.available,
    active: row.active,
  };
}

/** A team with its members (members come from a separate query, already in display order). */
export function presentTeam(row: TeamRow, members: TeamMemberRow[]) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: new Date(row.created_at).toISOString(),
    members: members.map(presentTeamMember),
  };
}
