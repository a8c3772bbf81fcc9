import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { DROP_OFFS, type DropOffKind, type JourneyQuery, type JourneyReport, type JourneyStage, type ServiceFigures } from '../../../../shared/journey.js';
import { spanJoin, stageOfSpan, stageSpansCte, touchpointsCte } from './stage-sql.js';

/** Orders that are revenue (shared/orders.ts REVENUE_ORDER_STATUSES; quotes excluded): what "last order" means for inactivity. */
const NET_ORDER = `o.kind <> 'quote' AND o.status IN ('confirmed', 'paid', 'shipping', 'delivered', 'completed')`;

/**
 * The period as instants: local midnights of `from` and of the day after `to`, in the workspace's
 * zone (default: the 90 days ending today).
 */
async function periodOf(sql: Sql, workspaceId: string, q: JourneyQuery) {
  const row = await sql.maybeOne<{ from_at: Date; to_at: Date }>(
    `WITH w AS (SELECT timezone, coalesce($2::date, (now() AT TIME ZONE timezone)::date) AS last_day FROM workspaces WHERE id = $1)
     SELECT (coalesce($3::date, w.last_day - 89)::timestamp AT TIME ZONE w.timezone) AS from_at,
            ((w.last_day + 1)::timestamp AT TIME ZONE w.timezone) AS to_at
     FROM w`,
    [workspaceId, q.to ?? null, q.from ?? null],
  );
  if (!row) throw notFound('workspace');
  return { from: new Date(row.from_at), to: new Date(row.to_at) };
}

const STAGE_AT = (bound: string, op: '<=' | '<') =>
  `SELECT DISTINCT ON (customer_id) customer_id, stage FROM spans WHERE starts_at ${op} ${bound} ORDER BY customer_id, starts_at DESC`;

/** Live customers by stage at the start and the end of the period ('new': made during it with no order before it, e.g. not imported late). */
async function flows(sql: Sql, params: unknown[]) {
  return sql.query<{ from_stage: 'new' | JourneyStage; to_stage: JourneyStage; n: number }>(
    `WITH ${stageSpansCte('workspace', '$3::timestamptz')},
       start_stage AS (${STAGE_AT('$2::timestamptz', '<=')}),
       end_stage AS (${STAGE_AT('$3::timestamptz', '<')})
     SELECT CASE WHEN ss.stage IS NOT NULL THEN ss.stage WHEN c.created_at >= $2 THEN 'new' ELSE 'pre_sale' END AS from_stage,
            coalesce(es.stage, 'pre_sale') AS to_stage, count(*)::int AS n
     FROM customers c
     LEFT JOIN start_stage ss ON ss.customer_id = c.id
     LEFT JOIN end_stage es ON es.customer_id = c.id
     WHERE c.workspace_id = $1 AND c.merged_into_id IS NULL AND c.created_at < $3
     GROUP BY 1, 2`,
    params,
  );
}

/** Touchpoints of the period by the stage the customer was in at the time, and channel. */
async function touchpoints(sql: Sql, params: unknown[]) {
  return sql.query<{ stage: JourneyStage; channel: string; n: number }>(
    `WITH ${stageSpansCte('workspace', '$3::timestamptz')}, ${touchpointsCte({ fromParam: '$2', toParam: '$3' })}
     SELECT ${stageOfSpan} AS stage, x.channel, count(*)::int AS n FROM touch x ${spanJoin('x')} GROUP BY 1, 2`,
    params,
  );
}

/**
 * Each drop-off group (and the retained ones) as (kind, customer, moment), then the service they got
 * before their moment: tickets opened, median FRT, unresolved tickets, CSAT answers. One statement.
 */
async function dropOffs(sql: Sql, params: unknown[]) {
  return sql.query<{
    kind: DropOffKind | 'retained';
    customers: number;
    orders: number | null;
    tickets: number | null;
    frt: number | null;
    unresolved: number | null;
    answers: number | null;
    satisfied: number | null;
  }>(
    `WITH ${stageSpansCte('workspace', '$3::timestamptz')},
     end_stage AS (${STAGE_AT('$3::timestamptz', '<')}),
     owned_orders AS (
       SELECT coalesce(oc.merged_into_id, oc.id) AS customer_id, o.id, o.kind, o.status, o.ordered_at, (${NET_ORDER}) AS net
       FROM orders o JOIN customers oc ON oc.id = o.customer_id
       WHERE o.workspace_id = $1 AND o.ordered_at < $3
     ),
     contacts AS (
       SELECT customer_id FROM messages WHERE workspace_id = $1 AND direction = 'inbound' AND created_at >= $2 AND created_at < $3
       UNION
       SELECT customer_id FROM tickets WHERE workspace_id = $1 AND merged_into_id IS NULL AND created_at >= $2 AND created_at < $3
     ),
     leads AS (
       SELECT 'lead_never_ordered' AS kind, k.customer_id, $3::timestamptz AS at, NULL::uuid AS order_id
       FROM contacts k
       JOIN customers c ON c.id = k.customer_id AND c.merged_into_id IS NULL
       LEFT JOIN end_stage es ON es.customer_id = k.customer_id
       WHERE coalesce(es.stage, 'pre_sale') = 'pre_sale'
         AND NOT EXISTS (SELECT 1 FROM owned_orders oo WHERE oo.customer_id = k.customer_id AND oo.kind <> 'quote')
     ),
     lost AS (
       SELECT CASE s.status WHEN 'cancelled' THEN 'order_cancelled' ELSE 'order_returned' END AS kind, oo.customer_id, min(s.at) AS at, oo.id AS order_id
       FROM order_status_changes s JOIN owned_orders oo ON oo.id = s.order_id
       WHERE s.workspace_id = $1 AND s.status IN ('cancelled', 'returned') AND s.at >= $2 AND s.at < $3
       GROUP BY 1, 2, 4
       UNION ALL
       SELECT CASE oo.status WHEN 'cancelled' THEN 'order_cancelled' ELSE 'order_returned' END, oo.customer_id, oo.ordered_at, oo.id
       FROM owned_orders oo
       WHERE oo.status IN ('cancelled', 'returned') AND oo.ordered_at >= $2
         AND NOT EXISTS (SELECT 1 FROM order_status_changes s WHERE s.order_id = oo.id)
     ),
     inactive AS (
       SELECT 'went_inactive' AS kind, customer_id, max(ordered_at) + make_interval(days => $4::int) AS at, NULL::uuid AS order_id
       FROM owned_orders WHERE net
       GROUP BY customer_id
       HAVING max(ordered_at) + make_interval(days => $4::int) >= $2 AND max(ordered_at) + make_interval(days => $4::int) < $3
     ),
     dropped AS (SELECT * FROM leads UNION ALL SELECT * FROM lost UNION ALL SELECT * FROM inactive),
     retained AS (
       SELECT 'retained' AS kind, es.customer_id, $3::timestamptz AS at, NULL::uuid AS order_id
       FROM end_stage es JOIN customers c ON c.id = es.customer_id AND c.merged_into_id IS NULL
       WHERE es.stage IN ('in_sale', 'post_sale') AND NOT EXISTS (SELECT 1 FROM dropped d WHERE d.customer_id = es.customer_id)
     ),
     grouped AS (SELECT * FROM dropped UNION ALL SELECT * FROM retained),
     -- One row per group and customer, at their first moment in the group.
     gc AS (SELECT kind, customer_id, min(at) AS at FROM grouped GROUP BY kind, customer_id),
     sizes AS (SELECT kind, count(DISTINCT customer_id)::int AS customers, count(DISTINCT order_id)::int AS orders FROM grouped GROUP BY kind),
     tk AS (
       SELECT gc.kind, count(*)::int AS tickets,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.first_response_at - t.first_message_at) / 60)
                FILTER (WHERE t.first_response_at IS NOT NULL AND t.first_response_at < gc.at) AS frt,
              count(*) FILTER (WHERE (t.resolved_at IS NULL OR t.resolved_at >= gc.at) AND (t.closed_at IS NULL OR t.closed_at >= gc.at))::int AS unresolved
       FROM gc JOIN tickets t ON t.workspace_id = $1 AND t.customer_id = gc.customer_id AND t.merged_into_id IS NULL AND t.created_at < gc.at
       GROUP BY gc.kind
     ),
     csat AS (
       SELECT gc.kind, count(*)::int AS answers, count(*) FILTER (WHERE a.score >= 4)::int AS satisfied
       FROM survey_answers a
       JOIN customers ac ON ac.id = a.customer_id
       JOIN gc ON gc.customer_id = coalesce(ac.merged_into_id, ac.id) AND a.answered_at < gc.at
       WHERE a.workspace_id = $1 AND a.type = 'csat' AND a.score IS NOT NULL
       GROUP BY gc.kind
     )
     SELECT s.kind, s.customers, s.orders, tk.tickets, tk.frt, tk.unresolved, csat.answers, csat.satisfied
     FROM sizes s LEFT JOIN tk ON tk.kind = s.kind LEFT JOIN csat ON csat.kind = s.kind`,
    params,
  );
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The journey page for a period: customers per stage at its end, the flow from the stage each was in
 * at its start, touchpoints per stage and channel, and the drop-offs with the service before each.
 */
export async function journeyReport(sql: Sql, workspaceId: string, q: JourneyQuery): Promise<JourneyReport> {
  const { from, to } = await periodOf(sql, workspaceId, q);
  const params = [workspaceId, from.toISOString(), to.toISOString()];
  const [flowRows, touchRows, dropRows] = await Promise.all([flows(sql, params), touchpoints(sql, params), dropOffs(sql, [...params, q.inactiveDays])]);

  const stages: Record<JourneyStage, number> = { pre_sale: 0, in_sale: 0, post_sale: 0 };
  for (const r of flowRows) stages[r.to_stage] += r.n;
  const figures = (kind: DropOffKind | 'retained'): { orders: number | null; service: ServiceFigures } => {
    const r = dropRows.find((x) => x.kind === kind);
    const answers = r?.answers ?? 0;
    return {
      orders: r?.orders ?? 0,
      service: {
        customers: r?.customers ?? 0,
        tickets: r?.tickets ?? 0,
        frtMedianMinutes: r?.frt === null || r?.frt === undefined ? null : round1(Number(r.frt)),
        csatPercent: answers ? round1(((r?.satisfied ?? 0) / answers) * 100) : null,
        csatAnswers: answers,
        unresolvedTickets: r?.unresolved ?? 0,
      },
    };
  };
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    inactiveDays: q.inactiveDays,
    stages,
    flows: flowRows
      .map((r) => ({ from: r.from_stage, to: r.to_stage, customers: r.n }))
      .sort((a, b) => b.customers - a.customers || `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`)),
    touchpoints: touchRows.map((r) => ({ stage: r.stage, channel: r.channel, count: r.n })).sort((a, b) => a.stage.localeCompare(b.stage) || b.count - a.count),
    dropOffs: DROP_OFFS.map((kind) => {
      const f = figures(kind);
      return { kind, orders: kind === 'order_cancelled' || kind === 'order_returned' ? f.orders : null, service: f.service };
    }),
    retained: figures('retained').service,
  };
}
