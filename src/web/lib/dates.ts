/** "dd/MM/yyyy" (also d/M/yyyy, with - or .) → "yyyy-MM-dd", or null when not a real day. */
export function parseVnDate(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(+date) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** Whole days from today until the next yearly return of a "yyyy-MM-dd" day (0 = today). */
export function daysUntilAnniversary(isoDay: string, now = new Date()): number {
  const [, m, d] = isoDay.split('-').map(Number);
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  let next = Date.UTC(now.getFullYear(), m - 1, d);
  if (next < today) next = Date.UTC(now.getFullYear() + 1, m - 1, d);
  return Math.round((next - today) / 86_400_000);
}
