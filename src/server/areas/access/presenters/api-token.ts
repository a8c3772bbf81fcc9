const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** An API token as listed: name and prefix to recognise it, never the secret or its hash. */
export function presentApiToken(row: Record<string, any>) {
  return {
    id: row.id as string,
    name: row.name as string,
    prefix: row.prefix as string,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}
