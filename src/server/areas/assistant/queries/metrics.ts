import type { Sql } from '../../../core/db/types.js';
import type { AssistantMetrics } from '../../../../shared/assistant.js';

/**
 * The AI agent's figures for conversations it started in [from, to): resolved by the AI (it answered,
 * never handed off, and the ticket is resolved/closed or the customer has not written for 24 h since),
 * handed off (with reasons), AI messages, and the CSAT of AI-handled conversations (answers whose
 * ticket the AI answered without a hand-off).
 */
export async function assistantMetrics(sql: Sql, workspaceId: string, from: Date, to: Date): Promise<AssistantMetrics> {
  const r = await sql.one<{ conversations: string; resolved: string; handed_off: string; ai_messages: string; csat: string | null; csat_n: string }>(
    `WITH c AS (
       SELECT ac.*, t.status, t.last_customer_message_at, t.id AS tid FROM assistant_conversations ac JOIN tickets t ON t.id = ac.ticket_id
       WHERE ac.workspace_id = $1 AND ac.created_at >= $2 AND ac.created_at < $3
     )
     SELECT count(*) AS conversations,
            count(*) FILTER (WHERE state = 'active' AND turns > 0 AND (status IN ('resolved', 'closed') OR last_customer_message_at < now() - interval '24 hours')) AS resolved,
            count(*) FILTER (WHERE state = 'handed_off') AS handed_off,
            coalesce(sum(turns), 0) AS ai_messages,
            (SELECT avg(sa.score)::float8 FROM survey_answers sa JOIN c ON c.tid = sa.ticket_id WHERE sa.workspace_id = $1 AND sa.type = 'csat' AND c.state = 'active' AND c.turns > 0 AND sa.score IS NOT NULL) AS csat,
            (SELECT count(*) FROM survey_answers sa JOIN c ON c.tid = sa.ticket_id WHERE sa.workspace_id = $1 AND sa.type = 'csat' AND c.state = 'active' AND c.turns > 0 AND sa.score IS NOT NULL) AS csat_n
     FROM c`,
    [workspaceId, from, to],
  );
  const reasons = await sql.query<{ reason: string; n: string }>(
    `SELECT handoff_reason AS reason, count(*) AS n FROM assistant_conversations WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND state = 'handed_off' GROUP BY 1 ORDER BY 2 DESC`,
    [workspaceId, from, to],
  );
  const n = Number(r.conversations);
  const resolved = Number(r.resolved);
  const handed = Number(r.handed_off);
  return {
    conversations: n,
    resolvedByAi: resolved,
    handedOff: handed,
    resolutionRate: n ? resolved / n : null,
    handoffRate: n ? handed / n : null,
    aiMessages: Number(r.ai_messages),
    csatAi: r.csat === null ? null : Math.round(Number(r.csat) * 100) / 100,
    csatAiCount: Number(r.csat_n),
    reasons: reasons.map((x) => ({ reason: x.reason ?? 'unknown', count: Number(x.n) })),
  };
}
