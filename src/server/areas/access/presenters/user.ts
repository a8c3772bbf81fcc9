import type { Role } from '../../../core/http/actor.js';
import type { User } from '../../../../shared/access.js';

/** A users row as read from the database. */
export interface UserRow {
  id: string;
  workspace_id: string;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  active: boolean;
  available: boolean;
  locale: string;
  created_at: Date;
}

/** A user as the API shows it: never the password hash. */
export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    available: row.available,
    locale: row.locale,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
