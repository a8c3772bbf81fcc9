/** True when a database error is a unique-constraint violation (SQLSTATE 23505), on PGlite and pg alike. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  if (!e || e.code !== '23505') return false;
  return constraint ? e.constraint === constraint : true;
}
