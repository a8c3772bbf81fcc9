/**
 * A row limit written into a statement's text, not passed as a parameter. With `LIMIT $n` PostgreSQL
 * cannot know the page is small: its generic plan assumes a tenth of the rows are wanted, so for a
 * workspace-wide listing it looks costly (measured on the inbox at 1M customers: a 20 ms sort of every
 * open ticket) and PostgreSQL plans every execution afresh instead (2–3 ms of planning against 0.7 ms
 * of running). Page sizes are few, so the statement texts stay few and each gets its generic plan.
 * Per-customer statements (a timeline, a profile) do not need it: their generic plans are already kept.
 */
export function literalLimit(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`bad row limit ${n}`);
  return String(n);
}
