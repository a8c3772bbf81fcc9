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

export type Lang = 'vi' | 'en';

/** The wall clock of an instant in a zone: day number (days since 1970 in that zone), hour, minute. */
function wallClock(d: Date, timeZone: string) {
  const p: Record<string, string> = {};
  for (const x of new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(d)) {
    p[x.type] = x.value;
  }
  return {
    day: Math.round(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / 86_400_000),
    date: `${p.day}/${p.month}/${p.year}`,
    time: `${p.hour}:${p.minute}`,
  };
}

/**
 * When a message came, with its clock time, as agents say it: "14:05" today, "Hôm qua 09:12",
 * "Hôm kia 14:05", else "dd/MM/yyyy HH:mm" (English: "Yesterday 09:12", "Tue 14:05"). Days are the
 * workspace zone's calendar days, not 24-hour spans.
 */
export function formatMessageTime(value: string | number | Date, opts: { timeZone: string; lang: Lang; now?: Date }): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(+d)) return '';
  const at = wallClock(d, opts.timeZone);
  const today = wallClock(opts.now ?? new Date(), opts.timeZone);
  const back = today.day - at.day;
  if (back === 0) return at.time;
  if (back === 1) return `${opts.lang === 'en' ? 'Yesterday' : 'Hôm qua'} ${at.time}`;
  if (back === 2) {
    if (opts.lang === 'vi') return `Hôm kia ${at.time}`;
    const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: opts.timeZone, weekday: 'short' }).format(d);
    return `${weekday} ${at.time}`;
  }
  return `${at.date} ${at.time}`;
}

/** A span of minutes the way people round it: "45 phút", "1 giờ 20 phút", "3 giờ", "2 ngày". */
export function formatSpan(minutes: number, lang: Lang): string {
  const m = Math.max(0, Math.round(minutes));
  const vi = lang === 'vi';
  if (m < 60) return vi ? `${m} phút` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) {
    // Minutes matter while a deadline is close; past a few hours they are noise.
    const rest = h < 3 ? m % 60 : 0;
    const hours = vi ? `${h} giờ` : `${h} h`;
    return rest ? `${hours} ${vi ? `${rest} phút` : `${rest} min`}` : hours;
  }
  const days = Math.floor(h / 24);
  return vi ? `${days} ngày` : `${days} ${days === 1 ? 'day' : 'days'}`;
}

/**
 * The time left to an SLA due time, or how late it is: "còn 1 giờ 20 phút", "trễ 3 giờ",
 * "trễ 1 ngày" (English: "1 h 20 min left", "3 h late"). Wall-clock time to the due instant.
 */
export function formatSlaCountdown(dueAt: string | number | Date, opts: { lang: Lang; now?: Date }): { text: string; overdue: boolean } {
  const due = dueAt instanceof Date ? dueAt : new Date(dueAt);
  const minutes = (due.getTime() - (opts.now ?? new Date()).getTime()) / 60_000;
  const overdue = minutes < 0;
  const span = formatSpan(Math.abs(minutes), opts.lang);
  if (opts.lang === 'en') return { text: overdue ? `${span} late` : `${span} left`, overdue };
  return { text: overdue ? `trễ ${span}` : `còn ${span}`, overdue };
}
