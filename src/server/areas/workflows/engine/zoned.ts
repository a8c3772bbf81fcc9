/** Calendar days and local times in a workspace's time zone (date triggers, waits until a date). */

/** The local calendar day "yyyy-MM-dd" of an instant in a zone. */
export function localDay(instant: Date, timeZone: string): string {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => p.find((x) => x.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetMs(instant: Date, timeZone: string): number {
  const p = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(instant);
  const n = (t: string) => Number(p.find((x) => x.type === t)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant of a local day and "HH:mm" in a zone. */
export function zonedInstant(day: string, hm: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = hm.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetMs(new Date(guess), timeZone);
  // A second pass settles days when the offset changes (daylight saving) between guess and result.
  return new Date(guess - offsetMs(new Date(first), timeZone));
}

/** A day plus n days ("yyyy-MM-dd"). */
export function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** The "MM-dd" of the same date each year (29/02 falls on 28/02 in other years). */
export function yearlyOn(monthDay: string, year: number): string {
  const [m, d] = monthDay.split('-').map(Number);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
