import type { Db } from '../core/db/types.js';
import { ensureDefaultTemplates } from '../areas/surveys/index.js';

/** Comments customers leave with a low score (the demo's own Vietnamese text). */
const LOW_COMMENTS = [
  'Chờ phản hồi lâu quá, gọi mấy lần mới có người nghe.',
  'Nhân viên trả lời chưa đúng vấn đề của tôi.',
  'Giao hàng trễ mà không ai báo trước.',
  'Phải giải thích lại từ đầu mỗi lần liên hệ.',
];
const HIGH_COMMENTS = ['Nhân viên nhiệt tình, cảm ơn shop!', 'Xử lý nhanh, rất hài lòng.', 'Tư vấn rõ ràng, dễ hiểu.', ''];

/**
 * Survey answers for the demo: about 40 % of resolved tickets answered a CSAT survey two hours after
 * resolution (mostly 4–5, some low scores with comments), 15 % of customers an NPS survey — so the
 * reports, the 360 and the ticket pages have something to show. Deterministic (hash of the ticket id).
 * Written as answered requests; the links are not usable (demo tokens are not kept).
 */
export async function seedDemoSurveys(db: Db, workspaceId: string): Promise<{ csat: number; nps: number }> {
  await ensureDefaultTemplates(db, workspaceId);
  const tpl = async (type: string) =>
    (await db.one<{ id: string }>('SELECT id FROM survey_templates WHERE workspace_id = $1 AND type = $2 AND is_default', [workspaceId, type])).id;
  const csat = await seedType(db, workspaceId, await tpl('csat'), 'csat', 40,
    `CASE WHEN h < 46 THEN 5 WHEN h < 76 THEN 4 WHEN h < 87 THEN 3 WHEN h < 94 THEN 2 ELSE 1 END`);
  const nps = await seedType(db, workspaceId, await tpl('nps'), 'nps', 15,
    `CASE WHEN h < 40 THEN 10 WHEN h < 58 THEN 9 WHEN h < 70 THEN 8 WHEN h < 80 THEN 7 ELSE h % 7 END`);
  return { csat, nps };
}

async function seedType(db: Db, workspaceId: string, templateId: string, type: string, percent: number, scoreSql: string): Promise<number> {
  return db.tx(async (tx) => {
    const rows = await tx.query<{ n: number }>(
      `WITH picked AS (
         SELECT t.*, abs(hashtext(t.id::text || $3)) % 100 AS pick, abs(hashtext(t.id::text || 'score')) % 100 AS h
         FROM tickets t
         WHERE t.workspace_id = $1 AND t.resolved_at IS NOT NULL AND t.merged_into_id IS NULL
       ), chosen AS (
         SELECT p.*, ${scoreSql} AS score, gen_random_uuid() AS request_id FROM picked p WHERE p.pick < $4
       ), requests AS (
         INSERT INTO survey_requests (id, workspace_id, template_id, type, customer_id, ticket_id, agent_id, team_id, channel, reason,
           token_hash, status, sent_at, expires_at, answered_at)
         SELECT request_id, workspace_id, $2, $3, customer_id, id, assignee_id, team_id, channel, 'ticket_resolved',
           md5('demo:' || request_id::text), 'answered', least(resolved_at + interval '30 minutes', now()), resolved_at + interval '14 days',
           least(resolved_at + interval '2 hours', now())
         FROM chosen
         RETURNING id
       )
       INSERT INTO survey_answers (id, workspace_id, request_id, template_id, type, score, comment, answers, customer_id, ticket_id,
         agent_id, team_id, channel, answered_at, updated_at)
       SELECT gen_random_uuid(), workspace_id, request_id, $2, $3, score,
         nullif(CASE WHEN score <= ${type === 'csat' ? 2 : 6} THEN ($5::text[])[1 + h % 4] ELSE ($6::text[])[1 + h % 4] END, ''),
         jsonb_build_object('score', score), customer_id, id, assignee_id, team_id, channel,
         least(resolved_at + interval '2 hours', now()), least(resolved_at + interval '2 hours', now())
       FROM chosen
       RETURNING 1 AS n`,
      [workspaceId, templateId, type, percent, LOW_COMMENTS, HIGH_COMMENTS],
    );
    return rows.length;
  });
}
