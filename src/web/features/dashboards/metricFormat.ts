import { MEASURE_DEFS, type MeasureKey } from '../../../shared/metrics';

export type Lang = 'vi' | 'en';
const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'vi-VN');

/** 1.234 (vi) / 1,234 (en), at most `digits` decimals. */
export function formatNumber(n: number, lang: Lang, digits = 0, minDigits = 0): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits, minimumFractionDigits: minDigits }).format(n);
}

/** "92,5 %" / "92.5 %": always one decimal, so figures line up in a column. */
export function formatPercent(n: number, lang: Lang): string {
  return `${formatNumber(n, lang, 1, 1)}\u00a0%`;
}

/**
 * "2 giờ 15 phút" / "2h 15m", "4 phút 10 giây" / "4m 10s": the two largest units, which is as precise
 * as anyone reads a service time.
 */
export function formatDuration(seconds: number, lang: Lang): string {
  // A reply within the second is not "0 seconds".
  if (seconds > 0 && seconds < 0.5) return lang === 'en' ? '< 1s' : '< 1 giây';
  const s = Math.max(0, Math.round(seconds));
  const units: [number, string, string][] = [
    [86400, 'ngày', 'd'],
    [3600, 'giờ', 'h'],
    [60, 'phút', 'm'],
    [1, 'giây', 's'],
  ];
  const i = units.findIndex(([size]) => s >= size);
  if (i < 0) return lang === 'en' ? '0s' : '0 giây';
  const part = ([, vi, en]: [number, string, string], q: number) => (lang === 'en' ? `${q}${en}` : `${q} ${vi}`);
  const major = Math.floor(s / units[i][0]);
  const out = [part(units[i], major)];
  // Only the next unit down: "1 giờ 5 giây" would read oddly, "1 giờ" is enough.
  const next = units[i + 1];
  if (next) {
    const minor = Math.floor((s - major * units[i][0]) / next[0]);
    if (minor > 0) out.push(part(next, minor));
  }
  return out.join(' ');
}

/** A measure's value for display in its own unit; "—" when there is no data. */
export function formatMeasure(measure: MeasureKey, value: number | null | undefined, lang: Lang): string {
  if (value == null || Number.isNaN(value)) return '—';
  switch (MEASURE_DEFS[measure].unit) {
    case 'percent':
      return formatPercent(value, lang);
    case 'seconds':
      return formatDuration(value, lang);
    case 'count':
      return formatNumber(value, lang);
    default:
      // NPS is a whole-number score, CES a mean on 1–7.
      return formatNumber(value, lang, measure === 'nps' ? 0 : 1, measure === 'ces' ? 1 : 0);
  }
}

export type Tone = 'good' | 'bad' | 'neutral';

export interface Change {
  /** The change as text: "+2,3 điểm" for percentages/scores, "−12,0 %" relative for times and counts. */
  text: string;
  direction: 'up' | 'down' | 'flat';
  tone: Tone;
}

/**
 * The change from the previous period, coloured by whether it is good news (MEASURE_DEFS.better).
 * Percentages and scores change in points (a CSAT going 80 → 90 is +10 points, not +12.5 %); times
 * and counts change relatively. Null when either side has no data.
 */
export function measureChange(
  measure: MeasureKey,
  current: number | null | undefined,
  previous: number | null | undefined,
  lang: Lang,
): Change | null {
  if (current == null || previous == null) return null;
  const { unit, better } = MEASURE_DEFS[measure];
  const absolute = unit === 'percent' || unit === 'score';
  let delta: number;
  if (absolute) delta = current - previous;
  else if (previous === 0) delta = current === 0 ? 0 : Number.POSITIVE_INFINITY * Math.sign(current);
  else delta = ((current - previous) / Math.abs(previous)) * 100;
  const rounded = Math.round(delta * 10) / 10;
  const direction = rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'flat';
  const tone: Tone =
    direction === 'flat' || better === 'neutral'
      ? 'neutral'
      : (direction === 'up') === (better === 'higher')
        ? 'good'
        : 'bad';
  const sign = rounded > 0 ? '+' : rounded < 0 ? '−' : '±';
  let text: string;
  if (!Number.isFinite(delta)) text = lang === 'en' ? 'new' : 'mới';
  else if (absolute) text = `${sign}${formatNumber(Math.abs(rounded), lang, 1, 1)} ${lang === 'en' ? 'pts' : 'điểm'}`;
  else text = `${sign}${formatPercent(Math.abs(rounded), lang)}`;
  return { text, direction, tone };
}

/** Short axis ticks: "80 %", "35 phút" / "35m", "2,5 giờ" / "2.5h" — full durations do not fit an axis. */
export function formatAxisTick(measure: MeasureKey, value: number, lang: Lang): string {
  const unit = MEASURE_DEFS[measure].unit;
  if (unit === 'percent') return `${formatNumber(value, lang, 0)}\u00a0%`;
  if (unit === 'seconds') {
    if (value >= 86400) return lang === 'en' ? `${formatNumber(value / 86400, lang, 1)}d` : `${formatNumber(value / 86400, lang, 1)} ngày`;
    if (value >= 3600) return lang === 'en' ? `${formatNumber(value / 3600, lang, 1)}h` : `${formatNumber(value / 3600, lang, 1)} giờ`;
    if (value >= 60) return lang === 'en' ? `${formatNumber(value / 60, lang, 0)}m` : `${formatNumber(value / 60, lang, 0)} phút`;
    return lang === 'en' ? `${formatNumber(value, lang, 0)}s` : `${formatNumber(value, lang, 0)} giây`;
  }
  return formatNumber(value, lang, 1);
}

const DURATION_STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

/**
 * Axis ticks for times on human steps (5 phút, 30 phút, 1 giờ, 6 giờ…) instead of round numbers of
 * seconds (2000 s = "33 phút"): 0 and at most five steps up to the largest value.
 */
export function durationTicks(max: number): number[] {
  if (!(max > 0)) return [0, 60];
  const step = DURATION_STEPS.find((s) => max / s <= 5) ?? Math.ceil(max / 5 / 86400) * 86400;
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return ticks;
}

/** Axis settings for a measure's chart: human steps for times, whole numbers for counts. */
export function valueAxis(measure: MeasureKey, values: (number | null)[], lang: Lang) {
  const unit = MEASURE_DEFS[measure].unit;
  const tickFormatter = (v: number) => formatAxisTick(measure, v, lang);
  if (unit === 'seconds') {
    const ticks = durationTicks(Math.max(0, ...values.filter((v): v is number => v != null)));
    return { width: 64, ticks, interval: 0 as const, domain: [0, ticks[ticks.length - 1]] as [number, number], tickFormatter };
  }
  return { width: 64, interval: 0 as const, allowDecimals: unit !== 'count', tickFormatter };
}
