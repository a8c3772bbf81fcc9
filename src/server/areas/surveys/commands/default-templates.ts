import type { Sql } from '../../../core/db/types.js';
import { newId } from '../../../core/lib/ids.js';
import { DEFAULT_LOW_SCORE, type SurveyQuestion, type SurveyTriggers } from '../../../../shared/surveys.js';

const comment = (vi: string, en: string): SurveyQuestion => ({ id: 'comment', kind: 'text', text: { vi, en }, required: false });

/** The built-in templates every workspace starts with (editable; one per type). */
export const DEFAULT_TEMPLATES: { type: 'csat' | 'nps' | 'ces'; name: string; questions: SurveyQuestion[]; triggers: SurveyTriggers }[] = [
  {
    type: 'csat',
    name: 'Mức độ hài lòng (CSAT)',
    questions: [
      { id: 'score', kind: 'csat', required: true, text: { vi: 'Anh/chị hài lòng thế nào với sự hỗ trợ vừa rồi?', en: 'How satisfied are you with the help you received?' } },
      comment('Anh/chị có góp ý gì thêm không?', 'Anything you would like to add?'),
    ],
    triggers: { on: ['ticket_resolved', 'chat_ended'], delayMinutes: 30, throttleDays: 7 },
  },
  {
    type: 'nps',
    name: 'Khả năng giới thiệu (NPS)',
    questions: [
      {
        id: 'score',
        kind: 'nps',
        required: true,
        text: { vi: 'Anh/chị có sẵn lòng giới thiệu chúng tôi cho bạn bè, người thân không? (0–10)', en: 'How likely are you to recommend us to a friend or colleague? (0–10)' },
      },
      comment('Vì sao anh/chị chọn điểm này?', 'Why did you choose this score?'),
    ],
    triggers: { on: [], delayMinutes: 0, throttleDays: 90 },
  },
  {
    type: 'ces',
    name: 'Mức độ dễ dàng (CES)',
    questions: [
      {
        id: 'score',
        kind: 'ces',
        required: true,
        text: { vi: 'Việc giải quyết vấn đề của anh/chị dễ dàng đến mức nào? (1 = rất khó, 7 = rất dễ)', en: 'How easy was it to get your issue handled? (1 = very hard, 7 = very easy)' },
      },
      comment('Điều gì có thể làm dễ dàng hơn?', 'What could have made it easier?'),
    ],
    triggers: { on: ['call_ended'], delayMinutes: 15, throttleDays: 30 },
  },
];

/** Creates the missing built-in templates of a workspace (idempotent; safe under concurrency). */
export async function ensureDefaultTemplates(sql: Sql, workspaceId: string) {
  for (const t of DEFAULT_TEMPLATES) {
    await sql.query(
      `INSERT INTO survey_templates (id, workspace_id, type, name, questions, triggers, low_score_threshold, is_default)
       VALUES ($1, $2, $3, $4, $5, $6, $7, true)
       ON CONFLICT (workspace_id, type) WHERE is_default DO NOTHING`,
      [newId(), workspaceId, t.type, t.name, JSON.stringify(t.questions), JSON.stringify(t.triggers), DEFAULT_LOW_SCORE[t.type]],
    );
  }
}
