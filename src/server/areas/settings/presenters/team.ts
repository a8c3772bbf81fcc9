/** A team member as the API shows it (from a users row). */
export function presentTeamMember(row: Record<string, any>) {
  return {
    id: row.id as string,
    name: row.name as string,
    role: row.role as 'admin' | 'supervisor' | 'agent',
    available: row.available as boolean,
    active: row.active as boolean,
  };
}

/** A team with its members (members come from a separate query, already in display order). */
export function presentTeam(row: Record<string, any>, members: Record<string, any>[]) {
  return {
    id: row.id as string,
    name: row.name as string,
    description: row.description as string,
    createdAt: new Date(row.created_at).toISOString(),
    members: members.map(presentTeamMember),
  };
}
