import { stringify } from 'csv-stringify/sync';
import type { Db, Sql } from '../../../core/db/types.js';
import { CSAT_BANDS, FRT_BANDS, type RetentionFigures, type RetentionFilters, type RetentionReport, type ServiceValue } from '../../../../shared/retention.js';
import { addDays, bucketStart, daysBetween, previousPeriod } from '../days.js';
import { segmentMembersFilter } from '../../segments/index.js';
import { ensureRetentionFolded, retentionSettings } from './refresh.js';
import { innerEnds, Timeline, type DayTotals } from './timeline.js';

/** The retention reports, read from the rollups (retention_rollups*): CRR, churn, CLV; service ↔ value. */
type Dimmed = DayTotals & Record<string, string | number>;
type EndRow = { day: string; span_start: string; n: number } & Record<string, string | number>;

const NUM = ['starts', 'ends', 'firsts', 'seconds', 'orders', 'revenue'] as const;
const toNumbers = <T extends Record<string, unknown>>(r: T) => {
  const o = { ...r } as Record<string, unknown>;
  for (const k of NUM) if (k in o) o[k] = Number(o[k]);
  if ('n' in o) o.n = Number(o.n);
  return o as T;
};

/** Buckets of a period: [start, end] days clipped to the period. */
export function periodBuckets(from: string, to: string, granularity: 'day' | 'week' | 'month'): { bucket: string; from: string; to: string }[] {
  const out: { bucket: string; from: string; to: string }[] = [];
  let b = bucketStart(from, granularity);
  while (b <= to) {
    const next = granularity === 'day' ? addDays(b, 1) : granularity === 'week' ? addDays(b, 7) : `${nextMonth(b)}`;
    out.push({ bucket: b, from: b < from ? from : b, to: addDays(next, -1) > to ? to : addDays(next, -1) });
    b = next;
  }
  return out;
}
const nextMonth = (first: string) => {
  const [y, m] = first.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * The ends of spans that could begin and end inside one period asked: a span lasts at least the
 * activity window, so only periods longer than the window have any (then only ends on or after
 * earliest + window, read by the day index); none to read otherwise — the usual case.
 */
async function shortEnds(db: Sql, workspaceId: string, earliest: string, to: string, periodDays: number, windowDays: number, dims: string, members?: Members): Promise<EndRow[]> {
  if (periodDays - 1 < windowDays) return [];
  const params: unknown[] = [workspaceId, addDays(earliest, windowDays), to, periodDays - 1];
  const rows = await db.query<EndRow>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, to_char(span_start, 'YYYY-MM-DD') AS span_start, ${dims}, sum(ends) AS n
     FROM retention_samples WHERE workspace_id = $1 AND ends > 0 AND day BETWEEN $2::date AND $3::date AND day - span_start <= $4
       ${members ? `AND customer_id IN (${members(params)})` : ''}
     GROUP BY day, span_start, ${dims}`,
    params,
  );
  return rows.map(toNumbers);
}

/** A saved segment's members as SQL (segments area), or none. */
type Members = (params: unknown[]) => string;
const membersOf = async (db: Sql, workspaceId: string, segmentId: string | undefined): Promise<Members | undefined> =>
  segmentId === undefined ? undefined : segmentMembersFilter(db, workspaceId, segmentId);

/**
 * Day totals by `dims` up to `to`: from the rollups, or — for a saved segment, which has none — from
 * its members' contribution rows (retention_samples by customer), summed the same way.
 */
async function dayRows(db: Sql, workspaceId: string, to: string, table: 'retention_rollups' | 'retention_rollups_service', dims: string, members?: Members): Promise<Dimmed[]> {
  const params: unknown[] = [workspaceId, to];
  const text = members
    ? `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${dims}, ${NUM.map((n) => `sum(${n}) AS ${n}`).join(', ')}
       FROM retention_samples WHERE workspace_id = $1 AND day <= $2 AND customer_id IN (${members(params)}) GROUP BY day, ${dims}`
    : `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${dims}, ${NUM.join(', ')} FROM ${table} WHERE workspace_id = $1 AND day <= $2`;
  return (await db.query<Dimmed>(text, params)).map(toNumbers);
}

function figuresOf(rows: DayTotals[], ends: EndRow[], from: string, to: string): RetentionFigures {
  return new Timeline(rows).figures(from, to, innerEnds(ends, from, to));
}

export async function retentionReport(db: Db, workspaceId: string, f: RetentionFilters, read: Sql = db): Promise<RetentionReport> {
  await ensureRetentionFolded(db, workspaceId);
  const { windowDays } = await retentionSettings(read, workspaceId);
  const prev = previousPeriod(f.from, f.to);
  const members = await membersOf(read, workspaceId, f.segmentId);
  const rows = await dayRows(read, workspaceId, f.to, 'retention_rollups', 'channel, segment', members);
  const ends = await shortEnds(read, workspaceId, prev.from, f.to, daysBetween(f.from, f.to) + 1, windowDays, 'channel, segment', members);
  const keep = (r: Record<string, unknown>, skip?: 'channel' | 'segment') =>
    (skip === 'channel' || f.channel === undefined || r.channel === f.channel) && (skip === 'segment' || f.segment === undefined || r.segment === f.segment);
  const mine = rows.filter((r) => keep(r));
  const myEnds = ends.filter((r) => keep(r));
  const tl = new Timeline(mine);
  const series = periodBuckets(f.from, f.to, f.granularity).map((b) => ({ bucket: b.bucket, ...tl.figures(b.from, b.to, innerEnds(myEnds, b.from, b.to)) }));

  const by = (dim: 'channel' | 'segment') => {
    const keys = [...new Set(rows.filter((r) => keep(r, dim)).map((r) => String(r[dim])))].sort();
    return keys
      .map((key) => ({
        key,
        ...figuresOf(rows.filter((r) => keep(r, dim) && r[dim] === key), ends.filter((r) => keep(r, dim) && r[dim] === key), f.from, f.to),
      }))
      .sort((a, b) => b.end - a.end || b.customers - a.customers || a.key.localeCompare(b.key));
  };
  return {
    activityWindowDays: windowDays,
    granularity: f.granularity,
    current: tl.figures(f.from, f.to, innerEnds(myEnds, f.from, f.to)),
    previous: tl.figures(prev.from, prev.to, innerEnds(myEnds, prev.from, prev.to)),
    series,
    byChannel: by('channel'),
    bySegment: by('segment'),
  };
}

/** Retention, churn and repeat purchase by the service the customer last experienced (latest CSAT; FRT of the latest answered ticket). */
export async function serviceValue(db: Db, workspaceId: string, f: Pick<RetentionFilters, 'from' | 'to' | 'segmentId'>, read: Sql = db): Promise<ServiceValue> {
  await ensureRetentionFolded(db, workspaceId);
  const { windowDays } = await retentionSettings(read, workspaceId);
  const members = await membersOf(read, workspaceId, f.segmentId);
  const rows = await dayRows(read, workspaceId, f.to, 'retention_rollups_service', 'csat_band, frt_band', members);
  const ends = await shortEnds(read, workspaceId, f.from, f.to, daysBetween(f.from, f.to) + 1, windowDays, 'csat_band, frt_band', members);
  const group = <K extends string>(dim: 'csat_band' | 'frt_band', keys: readonly K[]) =>
    keys.map((key) => ({ key, ...figuresOf(rows.filter((r) => r[dim] === key), ends.filter((r) => r[dim] === key), f.from, f.to) }));
  return { from: f.from, to: f.to, byCsat: group('csat_band', CSAT_BANDS), byFrt: group('frt_band', FRT_BANDS) };
}

/** Spreadsheets run cells starting with = + - @ as formulas; a leading "'" keeps them text. */
const protect = (v: unknown) => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(Math.round(v * 100) / 100);
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};
const FIGURES: (keyof RetentionFigures)[] = ['from', 'to', 'start', 'end', 'new', 'churned', 'crr', 'churnRate', 'orders', 'revenue', 'aov', 'customers', 'repeatRate', 'avgOrderValue', 'purchasesPerYear', 'lifespanYears', 'avgClv'];
const HEADER = ['section', 'key', 'from', 'to', 'active_start', 'active_end', 'new', 'churned', 'crr_pct', 'churn_rate_pct', 'orders', 'net_revenue', 'aov', 'customers_to_date', 'repeat_rate_pct', 'avg_order_value_to_date', 'purchases_per_customer_year', 'lifespan_years', 'avg_clv'];

function csv(sections: [string, string, RetentionFigures][]): string {
  return stringify([HEADER, ...sections.map(([s, k, fig]) => [s, k, ...FIGURES.map((x) => fig[x])].map(protect))], { bom: true });
}

export const retentionCsv = (r: RetentionReport) =>
  csv([
    ['period', '', r.current],
    ['previous', '', r.previous],
    ...r.series.map((s): [string, string, RetentionFigures] => [r.granularity, s.bucket, s]),
    ...r.byChannel.map((s): [string, string, RetentionFigures] => ['channel', s.key, s]),
    ...r.bySegment.map((s): [string, string, RetentionFigures] => ['segment', s.key, s]),
  ]);

export const serviceValueCsv = (r: ServiceValue) =>
  csv([...r.byCsat.map((s): [string, string, RetentionFigures] => ['last_csat', s.key, s]), ...r.byFrt.map((s): [string, string, RetentionFigures] => ['last_frt', s.key, s])]);
