import i18n from 'i18next';

/** The zone dates are shown in: the workspace's, set once after login (Asia/Ho_Chi_Minh by default). */
let timeZone = 'Asia/Ho_Chi_Minh';
export function setDisplayTimeZone(zone: string | undefined | null) {
  if (zone) timeZone = zone;
}
/** The zone set above, for date helpers that take it as an argument (lib/dates.ts). */
export const displayTimeZone = () => timeZone;

const lang = () => (i18n.language?.startsWith('en') ? 'en' : 'vi');
const locale = () => (lang() === 'en' ? 'en-GB' : 'vi-VN');

function parts(value: string | number | Date, opts: Intl.DateTimeFormatOptions) {
  const d = value instanceof Date ? value : new Date(value);
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...opts }).formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** 22/11/2026 17:05 in the workspace zone (the same shape in both languages). */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value == null || value === '') return '';
  const p = parts(value, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** 22/11/2026 in the workspace zone. */
export function formatDate(value: string | number | Date | null | undefined): string {
  if (value == null || value === '') return '';
  // A plain date (birthday) has no zone: show it as written.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const p = parts(value, { day: '2-digit', month: '2-digit', year: 'numeric' });
  return `${p.day}/${p.month}/${p.year}`;
}

/** 17:05 in the workspace zone. */
export function formatTime(value: string | number | Date): string {
  const p = parts(value, { hour: '2-digit', minute: '2-digit' });
  return `${p.hour}:${p.minute}`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 phút trước" / "5 minutes ago"; "vừa xong" / "just now" under a minute. */
export function formatRelative(value: string | number | Date | null | undefined, now: number = Date.now()): string {
  if (value == null || value === '') return '';
  const t = value instanceof Date ? value.getTime() : new Date(value).getTime();
  const diff = Math.round((t - now) / 1000);
  const abs = Math.abs(diff);
  if (abs < 45) return lang() === 'en' ? 'just now' : 'vừa xong';
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  for (const [unit, secs] of UNITS) {
    if (abs >= secs || unit === 'minute') return rtf.format(Math.round(diff / secs), unit);
  }
  return '';
}

/** 1.250.000 ₫ (VND has no minor unit); other currencies in their usual form. */
export function formatMoney(amount: number | string | null | undefined, currency = 'VND'): string {
  if (amount == null || amount === '') return '';
  const n = typeof amount === 'string' ? Number(amount) : amount;
  if (currency === 'VND') {
    return `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(Math.round(n))} ₫`;
  }
  return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(n);
}

/** +84912345678 → 0912 345 678 (Vietnamese mobile grouping); other numbers unchanged. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const m = /^\+84(\d{9})$/.exec(e164);
  if (!m) return e164;
  const d = `0${m[1]}`;
  return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
}
