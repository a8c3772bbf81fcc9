import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Db, Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import type { SegmentGroup, SegmentMember } from '../../../../shared/segments.js';
import { compileRule, parseRule, SEGMENT_FROM, segmentWhere } from '../compile-rule.js';
import type { SegmentRow } from '../segment-row.js';

/**
 * Counting runs in its own transaction with a larger work_mem, so the sets an "any" group ORs together
 * stay hashed in memory (a planner that expects a hash to spill picks a per-row subplan instead).
 */
export async function countMembers(db: Db, workspaceId: string, rule: SegmentGroup): Promise<number> {
  const { where, params } = segmentWhere(workspaceId, rule);
  return db.tx(async (tx) => {
    await tx.exec(`SET LOCAL work_mem = '64MB'`);
    const r = await tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${SEGMENT_FROM} WHERE ${where}`, params);
    return r.n;
  });
}

/** Counts a saved segment and remembers the figure (the list shows it without recounting). */
export async function countSavedSegment(db: Db, workspaceId: string, segmentId: string): Promise<number> {
  const seg = await getSegmentRow(db, workspaceId, segmentId);
  const n = await countMembers(db, workspaceId, ruleOf(seg));
  await db.query('UPDATE segments SET last_count = $3, last_counted_at = now() WHERE workspace_id = $1 AND id = $2', [workspaceId, segmentId, n]);
  return n;
}

export async function getSegmentRow(sql: Sql, workspaceId: string, id: string): Promise<SegmentRow> {
  const row = await sql.maybeOne<SegmentRow>('SELECT * FROM segments WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!row) throw notFound('segment');
  return row;
}

export async function listSegments(sql: Sql, workspaceId: string): Promise<SegmentRow[]> {
  return sql.query<SegmentRow>('SELECT * FROM segments WHERE workspace_id = $1 ORDER BY lower(name)', [workspaceId]);
}

/** A stored rule, re-checked (rules saved by an older version keep working or fail loudly, never silently widen). */
export const ruleOf = (seg: SegmentRow) => parseRule(typeof seg.rule === 'string' ? JSON.parse(seg.rule) : seg.rule);

interface MemberRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  lifecycle_stage: string;
  tags: string[];
  created_at: Date;
  order_count: number;
  total_spent: string | number;
  last_order_at: Date | null;
}

/** Each member's order summary (net orders, net revenue, last net order) from customer_order_summary. */
const memberSelect = (where: string) => `
  SELECT c.id, c.name, c.phone, c.email, c.lifecycle_stage, c.tags, c.created_at,
         coalesce(os.orders, 0) AS order_count, coalesce(os.net_revenue, 0) AS total_spent, os.last_order_at
  FROM ${SEGMENT_FROM}
  WHERE ${where}`;

const presentMember = (r: MemberRow): SegmentMember => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  email: r.email,
  lifecycleStage: r.lifecycle_stage,
  orderCount: r.order_count,
  totalSpent: Number(r.total_spent),
  lastOrderAt: r.last_order_at ? new Date(r.last_order_at).toISOString() : null,
});

/** The first members (newest profiles first) for the builder's preview. */
export async function previewMembers(db: Db, workspaceId: string, rule: SegmentGroup, limit = 20): Promise<SegmentMember[]> {
  const { where, params } = segmentWhere(workspaceId, rule);
  params.push(limit);
  const rows = await db.query<MemberRow>(`${memberSelect(where)} ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`, params);
  return rows.map(presentMember);
}

/**
 * Every member id, in keyset pages over customers' primary key so memory stays flat whatever the size.
 * The door other areas use (survey campaigns): they get ids, never this area's SQL.
 */
export async function* segmentMemberIds(sql: Sql, workspaceId: string, segmentId: string, pageSize = 500): AsyncGenerator<string[]> {
  const rule = ruleOf(await getSegmentRow(sql, workspaceId, segmentId));
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { where, params } = segmentWhere(workspaceId, rule);
    params.push(after, pageSize);
    const rows = await sql.query<{ id: string }>(`SELECT c.id FROM ${SEGMENT_FROM} WHERE ${where} AND c.id > $${params.length - 1}::uuid ORDER BY c.id LIMIT $${params.length}`, params);
    if (rows.length) yield rows.map((r) => r.id);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].id;
  }
}

/**
 * Whether one customer is a member of a saved segment now: the segment's rule evaluated for that one
 * profile in a single query (the rule's sets as semi/anti-joins restricted to c.id, so it reads that
 * customer's rows by index rather than paging every member). A merged-away profile is never a member;
 * an unknown segment is a 404 (segment.not_found), as elsewhere — callers decide what that means.
 */
export async function isSegmentMember(sql: Sql, workspaceId: string, segmentId: string, customerId: string): Promise<boolean> {
  const rule = ruleOf(await getSegmentRow(sql, workspaceId, segmentId));
  const { where, params } = segmentWhere(workspaceId, rule);
  params.push(customerId);
  const r = await sql.one<{ member: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${SEGMENT_FROM} WHERE ${where} AND c.id = $${params.length}::uuid) AS member`, params);
  return r.member;
}

export const EXPORT_COLUMNS = ['name', 'phone', 'email', 'lifecycle_stage', 'tags', 'order_count', 'total_spent', 'last_order_at'] as const;

/** Spreadsheets run cells starting with = + - @ as formulas; a leading "'" keeps them text. */
const protect = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const ddMMyyyy = (d: Date | null) => {
  if (!d) return '';
  const s = new Date(d).toISOString();
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
};

async function* exportRows(sql: Sql, workspaceId: string, rule: SegmentGroup, pageSize = 1000): AsyncGenerator<string[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { where, params } = segmentWhere(workspaceId, rule);
    params.push(after, pageSize);
    const rows = await sql.query<MemberRow>(`${memberSelect(`${where} AND c.id > $${params.length - 1}::uuid`)} ORDER BY c.id LIMIT $${params.length}`, params);
    for (const r of rows) {
      yield [r.name, r.phone ?? '', r.email ?? '', r.lifecycle_stage, (r.tags ?? []).join(';'), String(r.order_count), String(Number(r.total_spent)), ddMMyyyy(r.last_order_at)].map(protect);
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].id;
  }
}

/** A segment's members as a UTF-8 CSV stream with a BOM (Excel shows Vietnamese correctly). */
export async function exportSegmentCsv(sql: Sql, workspaceId: string, segmentId: string): Promise<Readable> {
  const rule = ruleOf(await getSegmentRow(sql, workspaceId, segmentId));
  return Readable.from(exportRows(sql, workspaceId, rule)).pipe(stringify({ header: true, columns: [...EXPORT_COLUMNS], bom: true }));
}

/**
 * A saved segment as a set other areas' reports filter by (service dashboards, retention): loads the
 * rule (404 segment.not_found) and returns a builder of `SELECT c.id …` over its live members, whose
 * values are appended to the caller's `params` ($1 must be the workspace id).
 */
export async function segmentMembersFilter(sql: Sql, workspaceId: string, segmentId: string): Promise<(params: unknown[]) => string> {
  const rule = ruleOf(await getSegmentRow(sql, workspaceId, segmentId));
  return (params) => {
    if (params[0] !== workspaceId) throw new Error('segmentMembersFilter: $1 must be the workspace id');
    return `SELECT c.id FROM ${SEGMENT_FROM} WHERE c.workspace_id = $1 AND c.merged_into_id IS NULL AND ${compileRule(rule, params)}`;
  };
}
