import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import type { CustomerJourney, JourneyStage, StageSpan, Touchpoint, TouchpointKind } from '../../../../shared/journey.js';
import { spanJoin, stageOfSpan, stageSpansCte, touchpointsCte } from './stage-sql.js';

interface TouchRow {
  id: string;
  kind: TouchpointKind;
  at: Date | string;
  stage: JourneyStage;
  channel: string;
  direction: string | null;
  title: string | null;
  detail: string | null;
  ticket_id: string | null;
  ticket_number: number | null;
  order_id: string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();

/** Joins consecutive spans of one stage; the first span starts at the profile's first sign of life. */
export function joinSpans(raw: { stage: JourneyStage; starts_at: Date | string }[], firstSeen: Date): StageSpan[] {
  const spans: StageSpan[] = [];
  const points: { stage: JourneyStage; at: Date }[] = [{ stage: 'pre_sale', at: firstSeen }];
  for (const r of raw) {
    const at = new Date(r.starts_at);
    if (at <= firstSeen) points[0] = { stage: r.stage, at: firstSeen };
    else points.push({ stage: r.stage, at });
  }
  for (const p of points) {
    const last = spans[spans.length - 1];
    if (last && last.stage === p.stage) continue;
    if (last) last.to = p.at.toISOString();
    spans.push({ stage: p.stage, from: p.at.toISOString(), to: null });
  }
  return spans;
}

/**
 * A customer's journey: the stage they are in now and since when, the stages they went through, and
 * their latest touchpoints each filed under the stage they were in at the time (stage-sql.ts).
 */
export async function customerJourney(sql: Sql, workspaceId: string, customerId: string, limit = 200): Promise<CustomerJourney> {
  const c = await sql.maybeOne<{ created_at: Date }>('SELECT created_at FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
  if (!c) throw notFound('customer');
  const ctes = `WITH ${stageSpansCte({ customerParam: '$2' })}, ${touchpointsCte({ customerParam: '$2' })},
    filed AS (SELECT x.*, ${stageOfSpan} AS stage FROM touch x ${spanJoin('x')})`;
  const params = [workspaceId, customerId];
  const [rows, counts, spanRows] = await Promise.all([
    sql.query<TouchRow>(`${ctes} SELECT * FROM filed ORDER BY at DESC, id DESC LIMIT $3`, [...params, limit + 1]),
    sql.query<{ stage: JourneyStage; n: number; first_at: Date | null }>(`${ctes} SELECT stage, count(*)::int AS n, min(at) AS first_at FROM filed GROUP BY stage`, params),
    sql.query<{ stage: JourneyStage; starts_at: Date }>(`WITH ${stageSpansCte({ customerParam: '$2' })} SELECT stage, starts_at FROM spans ORDER BY starts_at`, params),
  ]);
  const truncated = rows.length > limit;
  const touchpoints: Touchpoint[] = rows
    .slice(0, limit)
    .reverse()
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      at: iso(r.at),
      stage: r.stage,
      channel: r.channel,
      direction: r.direction,
      title: r.title,
      detail: r.detail,
      ticketId: r.ticket_id,
      ticketNumber: r.ticket_number === null ? null : Number(r.ticket_number),
      orderId: r.order_id,
    }));
  // The profile may be younger than its first contact (imported later, or merged): start at the earliest.
  const firstTouch = counts.reduce<Date | null>((m, r) => (r.first_at && (!m || new Date(r.first_at) < m) ? new Date(r.first_at) : m), null);
  const created = new Date(c.created_at);
  const firstSeen = firstTouch && firstTouch < created ? firstTouch : created;
  const spans = joinSpans(spanRows, firstSeen);
  const current = spans[spans.length - 1]!;
  const byStage: Record<JourneyStage, number> = { pre_sale: 0, in_sale: 0, post_sale: 0 };
  for (const r of counts) byStage[r.stage] = r.n;
  return {
    customerId,
    stage: current.stage,
    stageSince: spans.length > 1 ? current.from : null,
    spans,
    touchpoints,
    counts: byStage,
    truncated,
  };
}
