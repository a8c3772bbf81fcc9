/** A user as the API shows it: never the password hash. */
export function presentUser(row: Record<string, any>) {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    email: row.email as string,
    name: row.name as string,
    role: row.role as 'admin' | 'supervisor' | 'agent',
    active: row.active as boolean,
    available: row.available as boolean,
    locale: row.locale as string,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
