import { useSearchParams } from 'react-router-dom';

export const PRESETS = ['30', '90', '365', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** yyyy-MM-dd of a local date. */
export function dayOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The last `days` days ending today, as [from, to] (both inclusive). */
export function lastDays(days: number, today = new Date()): [string, string] {
  const from = new Date(today);
  from.setDate(from.getDate() - (days - 1));
  return [dayOf(from), dayOf(today)];
}

/** The journey page's period, kept in the URL: ?days=30|90|365 or ?from=…&to=… (default 90 days). */
export function useJourneyPeriod() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const custom = !!(from && to && DAY.test(from) && DAY.test(to));
  const days = params.get('days');
  const preset: Preset = custom ? 'custom' : days === '30' || days === '365' ? days : '90';
  const [f, t] = custom ? [from!, to!] : lastDays(Number(preset));
  const choose = (p: Preset, range?: [string, string]) => {
    if (p === 'custom') {
      const [a, b] = range ?? [f, t];
      setParams({ from: a, to: b }, { replace: true });
    } else setParams({ days: p }, { replace: true });
  };
  return { preset, from: f, to: t, choose };
}
