import type { Db, Sql } from '../../../core/db/types.js';
import type { AtRiskPage, AtRiskReason } from '../../../../shared/retention.js';
import { ensureRetentionFolded, retentionSettings } from './refresh.js';

/** A cancelled or returned order this recent is a reason to call. */
export const LOST_ORDER_DAYS = 90;
/** Category or tag names that mark a ticket as a complaint (compared lower-case). */
export const COMPLAINT_WORDS = ['complaint', 'khiếu nại', 'khieu nai', 'khieu-nai', 'khiếu-nại'];
const OPEN = `('received', 'verified', 'routed', 'responded')`;

/**
 * Customers likely to lapse: still active (last net order within the window) and showing at least one
 * sign — past their usual purchase interval (the median gap between their orders; the workspace's
 * median gap when they have fewer than 2 orders), a latest CSAT ≤ 2, an open complaint (an open ticket
 * whose category or a tag says complaint, or the follow-up a low score opened), a cancelled or returned
 * order in the last LOST_ORDER_DAYS days. Most reasons first, then the most valuable.
 */
export async function atRisk(db: Db, workspaceId: string, q: { page: number; pageSize: number; reason?: AtRiskReason }, now = new Date(), read: Sql = db): Promise<AtRiskPage> {
  await ensureRetentionFolded(db, workspaceId);
  const { windowDays } = await retentionSettings(read, workspaceId);
  const rows = await read.query<{
    customer_id: string; name: string; phone: string | null; email: string | null; net_revenue: string; orders: number; last_order_at: Date | null;
    usual_gap: string | null; since: string | null; last_csat: number | null; overdue: boolean; low_score: boolean; open_complaint: boolean; lost_order: boolean; total: string;
  }>(
    `WITH ws_gap AS (
       SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY median_gap_days) AS g FROM retention_customers WHERE workspace_id = $1 AND median_gap_days IS NOT NULL),
     -- Open tickets are few: find the complaining customers once instead of probing per customer.
     complaints AS (
       SELECT DISTINCT t.customer_id FROM tickets t
       WHERE t.workspace_id = $1 AND t.status IN ${OPEN} AND t.merged_into_id IS NULL
         AND (lower(coalesce(t.category, '')) = ANY($4::text[])
              OR EXISTS (SELECT 1 FROM unnest(t.tags) g WHERE lower(g) = ANY($4::text[]))
              OR EXISTS (SELECT 1 FROM survey_answers a WHERE a.workspace_id = t.workspace_id AND a.followup_ticket_id = t.id))),
     cand AS (
       SELECT rc.*,
              coalesce(rc.median_gap_days, (SELECT g FROM ws_gap)) AS usual_gap,
              extract(epoch FROM ($2::timestamptz - rc.last_order_at)) / 86400 AS since,
              (rc.customer_id IN (SELECT customer_id FROM complaints)) AS open_complaint
       FROM retention_customers rc
       WHERE rc.workspace_id = $1 AND rc.last_order_at > $2::timestamptz - make_interval(days => $3)),
     flagged AS (
       SELECT *, (usual_gap IS NOT NULL AND since > usual_gap) AS overdue, coalesce(last_csat <= 2, false) AS low_score,
              coalesce(last_lost_order_at > $2::timestamptz - make_interval(days => $5), false) AS lost_order
       FROM cand)
     -- Names and contacts for the page only (merged-away profiles have no retention row: refresh skips them).
     SELECT p.*, c.name, c.phone, c.email FROM (
       SELECT customer_id, net_revenue, orders, last_order_at, usual_gap, since, last_csat, overdue, low_score, open_complaint, lost_order,
              (overdue::int + low_score::int + open_complaint::int + lost_order::int) AS reasons, count(*) OVER () AS total
       FROM flagged
       WHERE (overdue OR low_score OR open_complaint OR lost_order)
         AND ($6::text IS NULL OR ($6 = 'overdue' AND overdue) OR ($6 = 'low_score' AND low_score) OR ($6 = 'open_complaint' AND open_complaint) OR ($6 = 'lost_order' AND lost_order))
       ORDER BY reasons DESC, net_revenue DESC, customer_id
       LIMIT $7 OFFSET $8) p
     JOIN customers c ON c.workspace_id = $1 AND c.id = p.customer_id
     ORDER BY p.reasons DESC, p.net_revenue DESC, p.customer_id`,
    [workspaceId, now.toISOString(), windowDays, COMPLAINT_WORDS, LOST_ORDER_DAYS, q.reason ?? null, q.pageSize, (q.page - 1) * q.pageSize],
  );
  const round1 = (v: string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return {
    total: rows[0] ? Number(rows[0].total) : await countOnly(),
    page: q.page,
    pageSize: q.pageSize,
    rows: rows.map((r) => ({
      customerId: r.customer_id,
      name: r.name,
      phone: r.phone,
      email: r.email,
      clv: Number(r.net_revenue),
      orders: Number(r.orders),
      lastOrderAt: r.last_order_at ? new Date(r.last_order_at).toISOString() : null,
      usualGapDays: round1(r.usual_gap),
      daysSinceLastOrder: r.since === null ? null : Math.floor(Number(r.since)),
      lastCsat: r.last_csat === null ? null : Number(r.last_csat),
      reasons: (['overdue', 'low_score', 'open_complaint', 'lost_order'] as const).filter((k) => r[k]),
    })),
  };
  // A page past the end has no rows to carry the total; the first page tells it (cheap: reruns at page 1 size 1).
  async function countOnly(): Promise<number> {
    if (q.page === 1) return 0;
    return (await atRisk(db, workspaceId, { ...q, page: 1, pageSize: 1 }, now, read)).total;
  }
}
