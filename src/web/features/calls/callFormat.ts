/** 195 → "03:15", 3723 → "1:02:03"; null → "—". */
export function mmss(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * What an agent types for a duration → seconds: "3:15" (m:ss), "1:02:03" (h:mm:ss) or a bare number
 * of minutes ("5", "2,5"). Empty → 0. null when it cannot be read.
 */
export function parseDuration(input: string): number | null {
  const v = input.trim();
  if (!v) return 0;
  if (/^\d+(?:[.,]\d+)?$/.test(v)) return Math.round(Number(v.replace(',', '.')) * 60);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(v);
  if (!m) return null;
  const [h, mm, ss] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3])];
  if (ss > 59 || (m[1] !== undefined && mm > 59)) return null;
  return h * 3600 + mm * 60 + ss;
}

/** A Date → the date picker's value in the browser's zone ("2026-11-22 14:05:00"). */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:00`;
}

/** The 360 timeline's 'call' entries carry "<direction>:<status>:<talk seconds>" as their title. */
export function parseCallTitle(title: string | null): { direction: 'inbound' | 'outbound'; status: string; talkSeconds: number } {
  const [direction, status, talk] = (title ?? '').split(':');
  return { direction: direction === 'outbound' ? 'outbound' : 'inbound', status: status || 'ended', talkSeconds: Number(talk) || 0 };
}
