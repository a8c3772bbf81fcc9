/** The calendar day (yyyy-MM-dd) of an instant in a time zone. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
export function localDay(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  // en-CA formats as yyyy-MM-dd; one formatter per zone (making one costs far more than using it).
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(at);
}

/** yyyy-MM-dd plus whole months; the 31st of a shorter month becomes its last day (as PostgreSQL's date + interval). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12; // 0-based
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** When an item's warranty ends: the delivery day (else the order day) in the workspace zone + its months; null without months. */
export function warrantyEndsOn(orderedAt: Date, deliveredAt: Date | null, months: number | null | undefined, timeZone: string): string | null {
  if (months === null || months === undefined || months <= 0) return null;
  return addMonths(localDay(deliveredAt ?? orderedAt, timeZone), months);
}
