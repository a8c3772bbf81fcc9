import type { ApiToken } from '../../../../shared/access.js';

/** An api_tokens row as read from the database. */
export interface ApiTokenRow {
  id: string;
  workspace_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const iso = (v: Date | null) => (v ? new Date(v).toISOString() : null);

/** An API token as listed: name and prefix to recognise it, never the secret or its hash. */
export function presentApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}
