/**
 * The one definition of a customer's journey stage over time, as SQL both the profile and the journey
 * page use (so the two never disagree). A stage only changes when one of the customer's orders changes
 * status, so each status change is a breakpoint; at a breakpoint the customer is
 *   in_sale   if any order is in progress then (confirmed, paid, shipping; or a contract out for signing),
 *   post_sale else if any order is delivered or completed then,
 *   pre_sale  otherwise (a lead: contacts, quotes, or every order so far cancelled/returned).
 * Before the first breakpoint a customer is pre_sale. The orders' rows are read by SQL (a read-only
 * report, like the 360 reads tickets): journey needs nothing of the orders area's code.
 */

/** An order row `o` with status expression `status` is in progress (SQL boolean). */
const inProgress = (status: string, o = 'o') =>
  `(${status} IN ('confirmed', 'paid', 'shipping') OR (${o}.kind = 'contract' AND ${status} IN ('draft', 'quote') AND ${o}.contract_state IN ('sent', 'signed')))`;
const done = (status: string) => `(${status} IN ('delivered', 'completed'))`;

/** Order row `o` (an alias) is in progress now, by its present status: what makes its customer in-sale. */
export const orderInSaleNowSql = (o: string) => inProgress(`${o}.status`, o);
/** Order row `o` is delivered or completed now: what makes its customer post-sale when nothing is in progress. */
export const orderDeliveredNowSql = (o: string) => done(`${o}.status`);
/**
 * A customer's stage now from how many of their orders are in progress / delivered now (SQL integer
 * expressions, NULL read as 0) — the last breakpoint of stageSpansCte, without the history.
 */
export const stageNowSql = (inSaleOrders: string, deliveredOrders: string) =>
  `(CASE WHEN coalesce(${inSaleOrders}, 0) > 0 THEN 'in_sale' WHEN coalesce(${deliveredOrders}, 0) > 0 THEN 'post_sale' ELSE 'pre_sale' END)`;

/**
 * Whose orders: either one customer ($owner, with the profiles merged into it) or every customer of the
 * workspace (orders of a merged-away profile counted for the profile it went into).
 */
export type StageScope = { customerParam: string } | 'workspace';

function ownerSql(scope: StageScope): { from: string; owner: string } {
  if (scope === 'workspace') {
    return { from: 'orders o JOIN customers oc ON oc.id = o.customer_id', owner: 'coalesce(oc.merged_into_id, oc.id)' };
  }
  const p = scope.customerParam;
  return {
    from: `orders o`,
    owner: `${p}::uuid`,
  };
}

function ownerFilter(scope: StageScope): string {
  if (scope === 'workspace') return 'o.customer_id IS NOT NULL';
  const p = scope.customerParam;
  return `o.customer_id IN (SELECT id FROM customers WHERE workspace_id = $1 AND (id = ${p}::uuid OR merged_into_id = ${p}::uuid))`;
}

/**
 * CTEs (to put after WITH) ending in `spans(customer_id, stage, starts_at, ends_at)`: the customer's
 * stage from each breakpoint until the next (ends_at NULL: still so). $1 is the workspace; `until` an
 * SQL timestamptz expression: changes at or after it are ignored (the state as of then).
 */
export function stageSpansCte(scope: StageScope, until = `'infinity'::timestamptz`): string {
  const { from, owner } = ownerSql(scope);
  const filter = ownerFilter(scope);
  return `
  order_periods AS (
    SELECT ${owner} AS customer_id, s.at,
           lead(s.at) OVER (PARTITION BY s.order_id ORDER BY s.at, s.id) AS until,
           ${inProgress('s.status')} AS in_progress, ${done('s.status')} AS done
    FROM ${from} JOIN order_status_changes s ON s.order_id = o.id AND s.workspace_id = $1
    WHERE o.workspace_id = $1 AND ${filter} AND s.at < ${until}
    UNION ALL
    -- An order with no recorded history: its present status since it was placed.
    SELECT ${owner}, o.ordered_at, NULL::timestamptz, ${inProgress('o.status')}, ${done('o.status')}
    FROM ${from}
    WHERE o.workspace_id = $1 AND ${filter} AND o.ordered_at < ${until}
      AND NOT EXISTS (SELECT 1 FROM order_status_changes s WHERE s.order_id = o.id)
  ),
  -- A sweep instead of a self-join: each status period adds 1 to "orders in progress" (or "delivered")
  -- at its start and takes it back at its end; the running sums at a breakpoint count the periods
  -- that hold then (started at or before it, ending after it). One sort per customer, no n² join.
  deltas AS (
    SELECT customer_id, at, in_progress::int AS d_progress, done::int AS d_done FROM order_periods
    UNION ALL
    SELECT customer_id, until, -(in_progress::int), -(done::int) FROM order_periods WHERE until IS NOT NULL
  ),
  stage_points AS (
    SELECT customer_id, at,
           CASE WHEN sum(sum(d_progress)) OVER w > 0 THEN 'in_sale' WHEN sum(sum(d_done)) OVER w > 0 THEN 'post_sale' ELSE 'pre_sale' END AS stage
    FROM deltas
    GROUP BY customer_id, at
    WINDOW w AS (PARTITION BY customer_id ORDER BY at)
  ),
  spans AS (
    SELECT customer_id, stage, at AS starts_at, lead(at) OVER (PARTITION BY customer_id ORDER BY at) AS ends_at
    FROM stage_points
  )`;
}

/** The stage of touchpoint/customer row `alias` (customer_id, at) from `spans` joined as `sp` (LEFT JOIN). */
export const spanJoin = (alias: string) =>
  `LEFT JOIN spans sp ON sp.customer_id = ${alias}.customer_id AND sp.starts_at <= ${alias}.at AND (sp.ends_at IS NULL OR sp.ends_at > ${alias}.at)`;

export const stageOfSpan = `coalesce(sp.stage, 'pre_sale')`;

/**
 * CTE `touch(customer_id, id, kind, at, channel, direction, title, detail, ticket_id, ticket_number, order_id)`:
 * every touchpoint, either of one customer ($owner) or of the workspace within [$from, $to).
 * Messages (not internal notes), calls (their thread entries), tickets opened, survey answers and
 * order status changes (channel 'order'). Each branch reads through a per-customer or per-time index.
 */
export function touchpointsCte(scope: { customerParam: string } | { fromParam: string; toParam: string }): string {
  const one = 'customerParam' in scope;
  const c = one ? scope.customerParam : '';
  const inPeriod = (col: string) => (one ? 'true' : `${col} >= ${scope.fromParam} AND ${col} < ${scope.toParam}`);
  const merged = (col: string) =>
    one ? `${col} IN (SELECT id FROM customers WHERE workspace_id = $1 AND (id = ${c}::uuid OR merged_into_id = ${c}::uuid))` : `${col} IS NOT NULL`;
  const owner = (alias: string) => (one ? `${c}::uuid` : `coalesce(${alias}.merged_into_id, ${alias}.id)`);
  return `
  touch AS (
    SELECT m.customer_id, 'message:' || m.id AS id,
           CASE WHEN m.meta ? 'call' THEN 'call' ELSE 'message' END AS kind, m.created_at AS at, m.channel,
           CASE WHEN m.meta ? 'call' THEN m.meta->'call'->>'direction' ELSE m.direction END AS direction,
           t.subject AS title, CASE WHEN m.meta ? 'call' THEN m.meta->'call'->>'status' END AS detail,
           m.ticket_id, t.number AS ticket_number, NULL::uuid AS order_id
    FROM messages m JOIN tickets t ON t.id = m.ticket_id
    WHERE m.workspace_id = $1 AND m.direction <> 'note' AND ${one ? `m.customer_id = ${c}::uuid` : 'true'} AND ${inPeriod('m.created_at')}
    UNION ALL
    SELECT t.customer_id, 'ticket:' || t.id, 'ticket', t.created_at, t.channel, NULL, t.subject, t.status, t.id, t.number, NULL::uuid
    FROM tickets t
    WHERE t.workspace_id = $1 AND t.merged_into_id IS NULL AND ${one ? `t.customer_id = ${c}::uuid` : 'true'} AND ${inPeriod('t.created_at')}
    UNION ALL
    SELECT ${owner('ac')}, 'survey:' || a.id, 'survey', a.answered_at, a.channel, NULL,
           a.type || ':' || coalesce(a.score::text, ''), left(a.comment, 300), a.ticket_id, st.number, NULL::uuid
    FROM survey_answers a JOIN customers ac ON ac.id = a.customer_id LEFT JOIN tickets st ON st.id = a.ticket_id
    WHERE a.workspace_id = $1 AND ${merged('a.customer_id')} AND ${inPeriod('a.answered_at')}
    UNION ALL
    SELECT ${owner('oc')}, 'order:' || s.id, 'order', s.at, 'order', NULL, o.code, s.status, NULL::uuid, NULL::int, o.id
    FROM order_status_changes s JOIN orders o ON o.id = s.order_id JOIN customers oc ON oc.id = o.customer_id
    WHERE s.workspace_id = $1 AND ${merged('o.customer_id')} AND ${inPeriod('s.at')}
    UNION ALL
    -- An order with no recorded history: placed, in its present status.
    SELECT ${owner('oc')}, 'order:' || o.id, 'order', o.ordered_at, 'order', NULL, o.code, o.status, NULL::uuid, NULL::int, o.id
    FROM orders o JOIN customers oc ON oc.id = o.customer_id
    WHERE o.workspace_id = $1 AND ${merged('o.customer_id')} AND ${inPeriod('o.ordered_at')}
      AND NOT EXISTS (SELECT 1 FROM order_status_changes s WHERE s.order_id = o.id)
  )`;
}
