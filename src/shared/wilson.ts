/**
 * The Wilson score interval of a proportion (successes of n): the range the true rate lies in with
 * the given confidence (z = 1.96 → 95 %). Unlike "p ± z·√(p(1−p)/n)" it stays inside [0, 1] and does
 * not collapse to a single point at 0 % or 100 % — which is exactly the case of a day with 1–2 answers.
 * Returns fractions (0…1); null when n = 0.
 */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Fewer observations than this in a time bucket: its rate is drawn faint and not trusted on its own. */
export const MIN_POINT_N = 5;
