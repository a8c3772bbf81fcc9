import type { Sql, Db } from '../../core/db/types.js';
import { MEASURE_DEFS, type MeasureKey, type MeasureValue, type SeriesPoint } from '../../../shared/metrics.js';
import { wilsonInterval } from '../../../shared/wilson.js';
import { bucketQuantile, timeBucketBounds, timeBucketValue } from './buckets.js';
import { addDays, bucketStart, dayIn, previousPeriod } from './days.js';
import { foldDirty, hasDirty } from './refresh.js';
import { segmentMembersFilter } from '../segments/index.js';

/**
 * The metrics engine's read side: every figure comes from metric_rollups (never raw messages).
 *
 * measure(db, workspaceId, key, filters)                → MeasureValue for the period
 * measure(db, workspaceId, key, filters, { by })        → MeasureRow[] grouped by a dimension
 *                                                         (channel|team|agent|category|priority|tag)
 *                                                         or time buckets (day|week|month)
 * measureSamples(db, workspaceId, key, filters, { by? }) → the sufficient statistics for tests:
 *   - proportion measures (csat: successes = answers scoring 4–5; fcr, abandoned_*, sla_*, reopen_rate):
 *       { kind: 'proportion', successes, n }
 *   - nps: { kind: 'nps', promoters, detractors, n }
 *   - time measures and ces (frt, frt_business, response_time, resolution_time, aht_*, ces):
 *       { kind: 'distribution', n, sum, buckets: [{ bucket, n, lower, upper, value }] }
 *     Time buckets are the fixed histogram of metrics/buckets.ts (exact below 20 s, then ≈10 % wide);
 *     score buckets are the scores themselves (lower = upper - 1 = score). Means are exact (sum / n).
 *   - counts (volume, backlog): { kind: 'count', value }
 *
 * filters.from / filters.to: calendar days in the workspace time zone, both inclusive; a Date is
 * mapped to its day in that zone, a string must be "yyyy-MM-dd". Values: percentages 0–100, NPS
 * −100…100, seconds, counts; `value` is null when n = 0 (counts are 0). median/p90 of time measures
 * come from the histogram (nearest rank; within one bucket of the exact value).
 *
 * Before reading, pending changes (metric_dirty_days) are folded, so figures are always current.
 */
export interface MeasureFilters {
  from: Date | string;
  to: Date | string;
  channel?: string;
  teamId?: string;
  agentId?: string;
  category?: string;
  priority?: string;
  tag?: string;
  /** A saved segment: the measures of its customers only (tickets, answers, calls and chats of its members). */
  segmentId?: string;
}
export type Dimension = 'channel' | 'team' | 'agent' | 'category' | 'priority' | 'tag';
export type Granularity = 'day' | 'week' | 'month';
export type By = Dimension | Granularity;
export interface MeasureRow {
  key: string;
  value: MeasureValue;
}
export type MeasureSample =
  | { kind: 'proportion'; successes: number; n: number }
  | { kind: 'nps'; promoters: number; detractors: number; n: number }
  | { kind: 'distribution'; n: number; sum: number; buckets: { bucket: number; n: number; lower: number; upper: number; value: number }[] }
  | { kind: 'count'; value: number };

const PROPORTION = new Set<MeasureKey>(['fcr', 'abandoned_call', 'abandoned_chat', 'sla_first_response', 'sla_resolution', 'reopen_rate']);
/** Measures whose value is a share of observations (successes of n), CSAT's 4–5 answers included. */
export const isRate = (key: MeasureKey) => key === 'csat' || PROPORTION.has(key);
const SCORE = new Set<MeasureKey>(['csat', 'nps', 'ces']);
export const isTimeMeasure = (k: MeasureKey) => MEASURE_DEFS[k].unit === 'seconds';

const GRANULARITY = new Set(['day', 'week', 'month']);
const DIM_COLUMN: Record<Dimension, string> = {
  channel: 'channel',
  team: `coalesce(team_id::text, '')`,
  agent: `coalesce(agent_id::text, '')`,
  category: 'category',
  priority: 'priority',
  tag: 'tag',
};

interface Agg {
  n: number;
  sum: number;
  hi: number;
  lo: number;
  buckets: { bucket: number; n: number }[];
}
const emptyAgg = (): Agg => ({ n: 0, sum: 0, hi: 0, lo: 0, buckets: [] });
/** An aggregate of no observations (a measure's value when nothing was seen). */
export const emptyAggOf = emptyAgg;

/** The workspace's time zone (periods are its calendar days). */
export async function workspaceZone(sql: Sql, workspaceId: string): Promise<string> {
  const r = await sql.maybeOne<{ timezone: string }>(`SELECT timezone FROM workspaces WHERE id = $1`, [workspaceId]);
  return r?.timezone || 'Asia/Ho_Chi_Minh';
}

export async function resolvePeriod(sql: Sql, workspaceId: string, f: Pick<MeasureFilters, 'from' | 'to'>): Promise<{ from: string; to: string }> {
  if (typeof f.from === 'string' && typeof f.to === 'string') return { from: f.from, to: f.to };
  const tz = await workspaceZone(sql, workspaceId);
  const day = (v: Date | string) => (typeof v === 'string' ? v : dayIn(v, tz));
  return { from: day(f.from), to: day(f.to) };
}

/** Folds pending changes of the workspace into its rollups (a no-op when there are none). */
export async function ensureFolded(db: Db, workspaceId: string): Promise<void> {
  if (await hasDirty(db, workspaceId)) await foldDirty(db, workspaceId);
}

function successExpr() {
  return `sum(n) FILTER (WHERE CASE measure WHEN 'csat' THEN bucket >= 4 WHEN 'nps' THEN bucket >= 9 ELSE bucket = 1 END)`;
}

interface Query {
  measures: MeasureKey[];
  from: string | null; // null = since the beginning (backlog)
  to: string;
  filters: MeasureFilters;
  group?: string; // SQL expression grouped on
  withBuckets: boolean;
}

const p = (params: unknown[], v: unknown) => {
  params.push(v);
  return `$${params.length}`;
};

/** One grouped read of the rollups: Map<measure, Map<group, Agg>>. */
async function read(sql: Sql, workspaceId: string, q: Query): Promise<Map<string, Map<string, Agg>>> {
  const params: unknown[] = [workspaceId, q.measures, q.to];
  const where = [`workspace_id = $1`, `measure = ANY($2::text[])`, `day <= $3::date`];
  if (q.from) {
    params.push(q.from);
    where.push(`day >= $${params.length}::date`);
  }
  const f = q.filters;
  // No dimension filter or grouping: the workspace totals table answers with far fewer rows.
  const noDims = [f.channel, f.teamId, f.category, f.priority, f.tag].every((v) => v === undefined) && (q.group === undefined || !Object.values(DIM_COLUMN).includes(q.group));
  const totals = noDims && f.agentId === undefined;
  // Only an agent filter (scorecards): the per-agent table.
  const perAgent = noDims && f.agentId !== undefined;
  let table = totals ? 'metric_rollups_total' : perAgent ? 'metric_rollups_agent' : 'metric_rollups';
  const eq = (col: string, v: string | undefined, cast = '') => {
    if (v === undefined) return;
    params.push(v);
    where.push(`${col} = $${params.length}${cast}`);
  };
  if (f.segmentId !== undefined) {
    // A segment has no rollup: its members' samples, shaped like rollup rows (n = 1, sum = value).
    const members = await segmentMembersFilter(sql, workspaceId, f.segmentId);
    const tagCol = q.group === 'tag' ? 'unnest(ms.tags)' : f.tag !== undefined ? `CASE WHEN ${p(params, f.tag)} = ANY(ms.tags) THEN ${p(params, f.tag)} ELSE '' END` : `''`;
    table = `(SELECT ms.workspace_id, ms.day, ms.measure, ms.channel, ms.team_id, ms.agent_id, ms.category, ms.priority, ms.bucket, 1 AS n, ms.value AS sum, ${tagCol} AS tag
      FROM metric_samples ms WHERE ms.workspace_id = $1 AND ms.measure = ANY($2::text[]) AND ms.day <= $3::date AND (
        (ms.source_kind = 'ticket' AND ms.source_id IN (SELECT t.id FROM tickets t WHERE t.workspace_id = $1 AND t.customer_id IN (${members(params)})))
        OR (ms.source_kind = 'answer' AND ms.source_id IN (SELECT a.id FROM survey_answers a WHERE a.workspace_id = $1 AND a.customer_id IN (${members(params)})))
        OR (ms.source_kind IN ('call', 'chat') AND ms.source_id IN (
              SELECT e.subject_id FROM events e JOIN tickets t ON t.workspace_id = $1 AND t.id::text = e.data->>'ticketId'
              WHERE e.workspace_id = $1 AND e.subject_type IN ('call', 'chat') AND t.customer_id IN (${members(params)})))
      )) seg`;
  }
  eq('channel', f.channel);
  eq('team_id', f.teamId, '::uuid');
  eq('agent_id', f.agentId, '::uuid');
  eq('category', f.category);
  eq('priority', f.priority);
  if (f.tag !== undefined) eq('tag', f.tag);
  else if (table === 'metric_rollups') where.push(q.group === 'tag' ? `tag <> ''` : `tag = ''`);
  const g = q.group ?? `''`;
  const bucketCol = q.withBuckets ? ', bucket' : '';
  const rows = await sql.query<{ measure: string; g: string; bucket?: number; n: string; sum: string; hi: string | null; lo: string | null }>(
    `SELECT measure, ${g} AS g${bucketCol}, sum(n) AS n, sum(sum) AS sum, ${successExpr()} AS hi,
            sum(n) FILTER (WHERE measure = 'nps' AND bucket <= 6) AS lo
     FROM ${table} WHERE ${where.join(' AND ')}
     GROUP BY measure, g${bucketCol}`,
    params,
  );
  const out = new Map<string, Map<string, Agg>>();
  for (const r of rows) {
    let m = out.get(r.measure);
    if (!m) out.set(r.measure, (m = new Map()));
    let a = m.get(r.g);
    if (!a) m.set(r.g, (a = emptyAgg()));
    const n = Number(r.n);
    a.n += n;
    a.sum += Number(r.sum);
    a.hi += Number(r.hi ?? 0);
    a.lo += Number(r.lo ?? 0);
    if (q.withBuckets) a.buckets.push({ bucket: Number(r.bucket), n });
  }
  for (const m of out.values()) for (const a of m.values()) a.buckets.sort((x, y) => x.bucket - y.bucket);
  return out;
}

/** A MeasureValue from aggregated rollup rows. Backlog's agg carries the running total in `sum`. */
export function valueOf(key: MeasureKey, a: Agg, withQuantiles = true): MeasureValue {
  if (key === 'volume') return { value: a.n, n: a.n };
  if (key === 'backlog') return { value: a.sum, n: a.sum };
  if (a.n === 0) return isTimeMeasure(key) ? { value: null, n: 0, mean: null, median: null, p90: null } : key === 'csat' || key === 'ces' ? { value: null, n: 0, mean: null } : { value: null, n: 0 };
  const mean = a.sum / a.n;
  if (key === 'csat') return { value: (a.hi / a.n) * 100, n: a.n, mean };
  if (key === 'nps') return { value: ((a.hi - a.lo) / a.n) * 100, n: a.n };
  if (key === 'ces') return { value: mean, n: a.n, mean };
  if (PROPORTION.has(key)) return { value: (a.hi / a.n) * 100, n: a.n };
  const q = (p: number) => {
    if (!withQuantiles || a.buckets.length === 0) return null;
    const b = bucketQuantile(a.buckets, p);
    return b === null ? null : timeBucketValue(b);
  };
  return { value: mean, n: a.n, mean, median: q(0.5), p90: q(0.9) };
}

/** Backlog (open tickets at the end of `to`) per group: every ±1 move up to that day. */
async function backlogAt(sql: Sql, workspaceId: string, to: string, filters: MeasureFilters, group?: string) {
  const m = await read(sql, workspaceId, { measures: ['backlog'], from: null, to, filters, group, withBuckets: false });
  return m.get('backlog') ?? new Map<string, Agg>();
}

function groupExpr(by: By): string {
  if (GRANULARITY.has(by)) return by === 'day' ? `to_char(day, 'YYYY-MM-DD')` : `to_char(date_trunc('${by}', day), 'YYYY-MM-DD')`;
  return DIM_COLUMN[by as Dimension];
}

/** Start days of the time buckets covering [from, to]. */
export function bucketStarts(from: string, to: string, g: Granularity): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const s = bucketStart(d, g);
    if (out[out.length - 1] !== s) out.push(s);
  }
  return out;
}

export async function measure(db: Db, workspaceId: string, key: MeasureKey, filters: MeasureFilters): Promise<MeasureValue>;
export async function measure(db: Db, workspaceId: string, key: MeasureKey, filters: MeasureFilters, opts: { by: By }): Promise<MeasureRow[]>;
export async function measure(db: Db, workspaceId: string, key: MeasureKey, filters: MeasureFilters, opts?: { by?: By }): Promise<MeasureValue | MeasureRow[]> {
  await ensureFolded(db, workspaceId);
  const p = await resolvePeriod(db, workspaceId, filters);
  if (!opts?.by) return (await measureMany(db, workspaceId, [key], p, filters)).get(key)!;
  return measureRows(db, workspaceId, key, p, filters, opts.by);
}

/** Several measures for one period in one read (the overview). Rollups must be folded already. */
export async function measureMany(sql: Sql, workspaceId: string, keys: MeasureKey[], p: { from: string; to: string }, filters: MeasureFilters): Promise<Map<MeasureKey, MeasureValue>> {
  const plain = keys.filter((k) => k !== 'backlog');
  const m = plain.length ? await read(sql, workspaceId, { measures: plain, from: p.from, to: p.to, filters, withBuckets: true }) : new Map();
  const out = new Map<MeasureKey, MeasureValue>();
  for (const k of plain) out.set(k, valueOf(k, m.get(k)?.get('') ?? emptyAgg()));
  if (keys.includes('backlog')) out.set('backlog', valueOf('backlog', (await backlogAt(sql, workspaceId, p.to, filters)).get('') ?? emptyAgg()));
  return out;
}

/** A measure grouped by a dimension or by time buckets. Rollups must be folded already. */
export async function measureRows(sql: Sql, workspaceId: string, key: MeasureKey, p: { from: string; to: string }, filters: MeasureFilters, by: By): Promise<MeasureRow[]> {
  const isTime = GRANULARITY.has(by);
  if (key === 'backlog') {
    if (!isTime) {
      const m = await backlogAt(sql, workspaceId, p.to, filters, groupExpr(by));
      return [...m.entries()].map(([k, a]) => ({ key: k, value: valueOf('backlog', a) })).filter((r) => r.value.value !== 0);
    }
    return (await backlogSeries(sql, workspaceId, p, filters, by as Granularity)).map((s) => ({ key: s.bucket, value: { value: s.value, n: s.n } }));
  }
  const m = (await read(sql, workspaceId, { measures: [key], from: p.from, to: p.to, filters, group: groupExpr(by), withBuckets: true })).get(key) ?? new Map<string, Agg>();
  if (isTime) return bucketStarts(p.from, p.to, by as Granularity).map((b) => ({ key: b, value: valueOf(key, m.get(b) ?? emptyAgg()) }));
  return [...m.entries()].map(([k, a]) => ({ key: k, value: valueOf(key, a) }));
}

/** Series of several measures by time bucket (means and rates; no quantiles), one read. */
export async function seriesMany(sql: Sql, workspaceId: string, keys: MeasureKey[], p: { from: string; to: string }, filters: MeasureFilters, g: Granularity) {
  const starts = bucketStarts(p.from, p.to, g);
  const plain = keys.filter((k) => k !== 'backlog');
  const m = plain.length ? await read(sql, workspaceId, { measures: plain, from: p.from, to: p.to, filters, group: groupExpr(g), withBuckets: false }) : new Map();
  const out = new Map<MeasureKey, SeriesPoint[]>();
  for (const k of plain) {
    const rate = isRate(k);
    out.set(k, starts.map((b): SeriesPoint => {
      const a = m.get(k)?.get(b) ?? emptyAgg();
      const v = valueOf(k, a, false);
      if (!rate) return { bucket: b, value: v.value, n: v.n };
      // A rate of a few observations swings 0 %↔100 %: its 95 % interval says how little it tells.
      const w = wilsonInterval(a.hi, a.n);
      return { bucket: b, value: v.value, n: v.n, low: w ? w.low * 100 : null, high: w ? w.high * 100 : null };
    }));
  }
  if (keys.includes('backlog')) out.set('backlog', await backlogSeries(sql, workspaceId, p, filters, g));
  return out;
}

/** Backlog at the end of each time bucket (or at `to` for the last one). */
async function backlogSeries(sql: Sql, workspaceId: string, p: { from: string; to: string }, filters: MeasureFilters, g: Granularity) {
  const before = (await backlogAt(sql, workspaceId, addDays(p.from, -1), filters)).get('')?.sum ?? 0;
  const daily = (await read(sql, workspaceId, { measures: ['backlog'], from: p.from, to: p.to, filters, group: groupExpr('day'), withBuckets: false })).get('backlog') ?? new Map<string, Agg>();
  const byBucket = new Map<string, number>();
  let running = before;
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) {
    running += daily.get(d)?.sum ?? 0;
    byBucket.set(bucketStart(d, g), running);
  }
  return [...byBucket.entries()].map(([bucket, v]) => ({ bucket, value: v, n: v }));
}

/** The sufficient statistics of a measure (see the file comment), for statistical tests. */
export async function measureSamples(db: Db, workspaceId: string, key: MeasureKey, filters: MeasureFilters): Promise<MeasureSample>;
export async function measureSamples(db: Db, workspaceId: string, key: MeasureKey, filters: MeasureFilters, opts: { by: By }): Promise<{ key: string; sample: MeasureSample }[]>;
export async function measureSamples(db: Db, workspaceId: string, key: MeasureKey, filters: MeasureFilters, opts?: { by?: By }): Promise<MeasureSample | { key: string; sample: MeasureSample }[]> {
  await ensureFolded(db, workspaceId);
  const p = await resolvePeriod(db, workspaceId, filters);
  if (key === 'backlog' || key === 'volume') {
    if (!opts?.by) return { kind: 'count', value: (await measure(db, workspaceId, key, { ...filters, ...p })).value ?? 0 };
    return (await measure(db, workspaceId, key, { ...filters, ...p }, { by: opts.by })).map((r) => ({ key: r.key, sample: { kind: 'count', value: r.value.value ?? 0 } }));
  }
  const group = opts?.by ? groupExpr(opts.by) : undefined;
  const m = (await read(db, workspaceId, { measures: [key], from: p.from, to: p.to, filters, group, withBuckets: true })).get(key) ?? new Map<string, Agg>();
  const sampleOf = (a: Agg): MeasureSample => {
    if (PROPORTION.has(key) || key === 'csat') return { kind: 'proportion', successes: a.hi, n: a.n };
    if (key === 'nps') return { kind: 'nps', promoters: a.hi, detractors: a.lo, n: a.n };
    const score = SCORE.has(key);
    return {
      kind: 'distribution',
      n: a.n,
      sum: a.sum,
      buckets: a.buckets.map((b) => {
        const [lower, upper] = score ? [b.bucket, b.bucket + 1] : timeBucketBounds(b.bucket);
        return { bucket: b.bucket, n: b.n, lower, upper, value: score ? b.bucket : timeBucketValue(b.bucket) };
      }),
    };
  };
  if (!opts?.by) return sampleOf(m.get('') ?? emptyAgg());
  return [...m.entries()].map(([k, a]) => ({ key: k, sample: sampleOf(a) }));
}

/** csat as a proportion (answers 4–5 of all answers) — convenience for two-proportion tests. */
export const CSAT_SUCCESS_MIN_SCORE = 4;
export { previousPeriod };
