import { stringify } from 'csv-stringify/sync';
import type { Db, Sql } from '../../core/db/types.js';
import { notFound } from '../../core/errors.js';
import { MEASURES, type Breakdown, type LiveView, type MeasureKey, type MetricFilters, type Overview, type Scorecard } from '../../../shared/metrics.js';
import { ensureFolded, measureMany, measureRows, seriesMany, type By, type Granularity, type MeasureFilters } from './engine.js';
import { previousPeriod } from './days.js';
import { autoGranularity } from './granularity.js';

/** The API's reports (overview, breakdown, CSV, scorecard, live view), all read from rollups. */
const filtersOf = (f: MetricFilters): MeasureFilters => f;

/** KPI cards with their series; granularity 'auto' picks weeks when days are too sparse (granularity.ts). */
export async function overview(db: Db, workspaceId: string, f: MetricFilters, asked: Granularity | 'auto' = 'day', read: Sql = db): Promise<Overview> {
  await ensureFolded(db, workspaceId);
  const prev = previousPeriod(f.from, f.to);
  const [cur, before] = await Promise.all([measureMany(read, workspaceId, MEASURES, f, filtersOf(f)), measureMany(read, workspaceId, MEASURES, prev, filtersOf(f))]);
  const granularity = asked === 'auto' ? autoGranularity(f.from, f.to, cur) : asked;
  const series = await seriesMany(read, workspaceId, MEASURES, f, filtersOf(f), granularity);
  return {
    from: f.from,
    to: f.to,
    previousFrom: prev.from,
    previousTo: prev.to,
    granularity,
    kpis: MEASURES.map((m) => ({ measure: m, current: cur.get(m)!, previous: before.get(m)!, series: series.get(m)! })),
  };
}

/** Human labels of breakdown keys: team and agent names; other keys are their own label. */
async function labelsFor(sql: Sql, workspaceId: string, by: By, keys: string[]): Promise<Map<string, string>> {
  const ids = keys.filter((k) => k !== '');
  if ((by !== 'team' && by !== 'agent') || ids.length === 0) return new Map(keys.map((k) => [k, k]));
  const table = by === 'team' ? 'teams' : 'users';
  const rows = await sql.query<{ id: string; name: string }>(`SELECT id::text AS id, name FROM ${table} WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids]);
  const m = new Map(rows.map((r) => [r.id, r.name]));
  return new Map(keys.map((k) => [k, m.get(k) ?? k]));
}

export async function breakdown(db: Db, workspaceId: string, measure: MeasureKey, f: MetricFilters, by: By, read: Sql = db): Promise<Breakdown> {
  await ensureFolded(db, workspaceId);
  const prev = previousPeriod(f.from, f.to);
  const [cur, before] = await Promise.all([measureRows(read, workspaceId, measure, f, filtersOf(f), by), measureRows(read, workspaceId, measure, prev, filtersOf(f), by)]);
  const isTime = by === 'day' || by === 'week' || by === 'month';
  const empty = { value: measure === 'volume' ? 0 : null, n: 0 };
  let rows: Breakdown['rows'];
  if (isTime) {
    // Time buckets line up by position with the previous period's buckets.
    rows = cur.map((r, i) => ({ key: r.key, label: r.key, current: r.value, previous: before[i]?.value ?? empty }));
  } else {
    const prevBy = new Map(before.map((r) => [r.key, r.value]));
    const keys = [...new Set([...cur.map((r) => r.key), ...before.map((r) => r.key)])];
    const curBy = new Map(cur.map((r) => [r.key, r.value]));
    rows = keys.map((k) => ({ key: k, label: k, current: curBy.get(k) ?? empty, previous: prevBy.get(k) ?? empty }));
    rows.sort((a, b) => b.current.n - a.current.n || a.key.localeCompare(b.key));
  }
  const labels = await labelsFor(read, workspaceId, by, rows.map((r) => r.key));
  for (const r of rows) r.label = labels.get(r.key) ?? r.key;
  return { measure, by, rows };
}

/** Spreadsheets run cells starting with = + - @ as formulas; a leading "'" keeps them text. Numbers stay numbers. */
const protect = (v: unknown) => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

export function breakdownCsv(b: Breakdown): string {
  const header = ['key', 'label', 'value', 'n', 'mean', 'median', 'p90', 'previous_value', 'previous_n'];
  const records = b.rows.map((r) => [r.key, r.label, r.current.value, r.current.n, r.current.mean, r.current.median, r.current.p90, r.previous.value, r.previous.n].map(protect));
  return stringify([header, ...records], { bom: true });
}

const SCORECARD: Scorecard['measures'][number]['measure'][] = ['volume', 'frt', 'resolution_time', 'csat', 'fcr', 'reopen_rate'];

export async function scorecard(db: Db, workspaceId: string, agentId: string, f: Pick<MetricFilters, 'from' | 'to'>, granularity: Granularity = 'day', read: Sql = db): Promise<Scorecard> {
  const agent = await db.maybeOne<{ id: string; name: string }>(`SELECT id, name FROM users WHERE workspace_id = $1 AND id = $2`, [workspaceId, agentId]);
  if (!agent) throw notFound('Agent', 'metrics.agent_not_found');
  await ensureFolded(db, workspaceId);
  const prev = previousPeriod(f.from, f.to);
  const mine = { from: f.from, to: f.to, agentId };
  const [cur, before, all, series] = await Promise.all([
    measureMany(read, workspaceId, SCORECARD, f, mine),
    measureMany(read, workspaceId, SCORECARD, prev, mine),
    measureMany(read, workspaceId, SCORECARD, f, { from: f.from, to: f.to }),
    seriesMany(read, workspaceId, SCORECARD, f, mine, granularity),
  ]);
  return {
    agent,
    from: f.from,
    to: f.to,
    measures: SCORECARD.map((m) => ({ measure: m, current: cur.get(m)!, previous: before.get(m)!, workspace: all.get(m)!, series: series.get(m)! })),
  };
}

const OPEN = `('received', 'verified', 'routed', 'responded')`;

/**
 * The live view, straight from tickets (open tickets only, so it stays small). "Online" = the agent
 * has the app open: at least one socket connected (`online`, ctx.realtime's presence, per process
 * until the fan-out is relayed across processes — issue 15).
 */
export async function liveView(sql: Sql, workspaceId: string, online: ReadonlySet<string>): Promise<LiveView> {
  const counts = await sql.one<{ open: string; unassigned: string }>(
    `SELECT count(*) AS open, count(*) FILTER (WHERE assignee_id IS NULL) AS unassigned
     FROM tickets WHERE workspace_id = $1 AND status IN ${OPEN} AND merged_into_id IS NULL`,
    [workspaceId],
  );
  const waiting = await sql.query<{ id: string; number: number; channel: string; name: string; since: Date }>(
    `SELECT t.id, t.number, t.channel, c.name, w.since
     FROM tickets t
     JOIN customers c ON c.id = t.customer_id
     CROSS JOIN LATERAL (
       SELECT max(m.created_at) AS at FROM messages m
       WHERE m.workspace_id = t.workspace_id AND m.ticket_id = t.id AND m.direction = 'outbound'
         AND NOT coalesce((m.meta->>'automated')::boolean, false)) r
     CROSS JOIN LATERAL (
       SELECT min(m.created_at) AS since FROM messages m
       WHERE m.workspace_id = t.workspace_id AND m.ticket_id = t.id AND m.direction = 'inbound'
         AND m.created_at > coalesce(r.at, '-infinity'::timestamptz)) w
     WHERE t.workspace_id = $1 AND t.status IN ${OPEN} AND t.merged_into_id IS NULL AND t.last_customer_message_at IS NOT NULL AND w.since IS NOT NULL
     ORDER BY w.since LIMIT 100`,
    [workspaceId],
  );
  const agents = await sql.query<{ id: string; name: string; open_assigned: string }>(
    `SELECT u.id, u.name,
            (SELECT count(*) FROM tickets t WHERE t.workspace_id = $1 AND t.assignee_id = u.id AND t.status IN ${OPEN} AND t.merged_into_id IS NULL) AS open_assigned
     FROM users u WHERE u.workspace_id = $1 AND u.active ORDER BY u.name`,
    [workspaceId],
  );
  return {
    openTickets: Number(counts.open),
    unassigned: Number(counts.unassigned),
    waiting: waiting.map((w) => ({ ticketId: w.id, number: Number(w.number), customerName: w.name, channel: w.channel, waitingSince: new Date(w.since).toISOString() })),
    agents: agents.map((a) => ({ id: a.id, name: a.name, online: online.has(a.id), openAssigned: Number(a.open_assigned) })),
    updatedAt: new Date().toISOString(),
  };
}
