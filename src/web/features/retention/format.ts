import { formatMoney } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { formatNumber, formatPercent } from '../dashboards/metricFormat';

/** Figures of the retention pages: "—" where a rate has no denominator. */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v, currentLanguage()));
export const num = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? '—' : formatNumber(v, currentLanguage(), digits));
export const money = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatMoney(v));
/** 12.500.000 ₫ → "12,5 tr ₫" on small screens and chart axes. */
export function shortMoney(v: number): string {
  const lang = currentLanguage();
  if (Math.abs(v) >= 1e9) return `${formatNumber(v / 1e9, lang, 1)} ${lang === 'vi' ? 'tỷ' : 'bn'}`;
  if (Math.abs(v) >= 1e6) return `${formatNumber(v / 1e6, lang, 1)} ${lang === 'vi' ? 'tr' : 'M'}`;
  return formatNumber(v, lang);
}
