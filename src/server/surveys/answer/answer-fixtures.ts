import type { TestApp } from '../../test/harness.js';
import { newId } from '../../lib/ids.js';
import { ensureDefaultTemplates } from '../../commands/surveys/default-templates.js';
import { createSurveyRequest } from '../../commands/surveys/create-request.js';
import type { SurveyQuestion, SurveyType } from '../../../shared/surveys.js';

/** A customer of the workspace (through the API, as an agent would create one). */
export async function seedCustomer(t: TestApp, cookie: string, name = 'Nguyễn Thị Hoa') {
  const res = await t.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie }, payload: { name } });
  if (res.statusCode !== 201) throw new Error(`customer: ${res.statusCode} ${res.body}`);
  return res.json().customer.id as string;
}

export async function seedTeam(t: TestApp, workspaceId: string, name: string, memberIds: string[] = []) {
  const id = newId();
  await t.ctx.db.query('INSERT INTO teams (id, workspace_id, name) VALUES ($1, $2, $3)', [id, workspaceId, name]);
  for (const u of memberIds) await t.ctx.db.query('INSERT INTO team_members (workspace_id, team_id, user_id) VALUES ($1, $2, $3)', [workspaceId, id, u]);
  return id;
}

export async function seedTicket(t: TestApp, cookie: string, customerId: string, extra: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: { cookie }, payload: { customerId, subject: 'Giao hàng chậm', channel: 'email', ...extra } });
  if (res.statusCode !== 201) throw new Error(`ticket: ${res.statusCode} ${res.body}`);
  return res.json().ticket as { id: string; number: number };
}

export async function templateId(t: TestApp, workspaceId: string, type: Exclude<SurveyType, 'custom'>) {
  await ensureDefaultTemplates(t.ctx.db, workspaceId);
  const row = await t.ctx.db.one<{ id: string }>('SELECT id FROM survey_templates WHERE workspace_id = $1 AND type = $2 AND is_default', [workspaceId, type]);
  return row.id;
}

export const CUSTOM_QUESTIONS: SurveyQuestion[] = [
  { id: 'speed', kind: 'rating', max: 5, required: true, text: { vi: 'Tốc độ giao hàng?', en: 'Delivery speed?' } },
  {
    id: 'again',
    kind: 'choice',
    required: false,
    text: { vi: 'Anh/chị sẽ mua lại chứ?', en: 'Would you buy again?' },
    options: [
      { value: 'yes', label: { vi: 'Có', en: 'Yes' } },
      { value: 'no', label: { vi: 'Không', en: 'No' } },
    ],
  },
  { id: 'staff', kind: 'text', required: false, text: { vi: 'Nhận xét về nhân viên', en: 'About our staff' } },
];

export async function customTemplate(t: TestApp, workspaceId: string, opts: { lowScoreThreshold?: number | null } = {}) {
  const id = newId();
  await t.ctx.db.query(
    `INSERT INTO survey_templates (id, workspace_id, type, name, questions, low_score_threshold) VALUES ($1, $2, 'custom', 'Khảo sát giao hàng', $3, $4)`,
    [id, workspaceId, JSON.stringify(CUSTOM_QUESTIONS), opts.lowScoreThreshold ?? null],
  );
  return id;
}

/** A sent survey link (as the sending side creates it) → its token. */
export async function seedRequest(
  t: TestApp,
  r: { workspaceId: string; templateId: string; type: SurveyType; customerId: string; ticketId?: string | null; agentId?: string | null; teamId?: string | null; channel?: string; expiresAfterDays?: number },
) {
  const { token, requestId } = await t.ctx.db.tx((tx) =>
    createSurveyRequest(tx, {
      workspaceId: r.workspaceId,
      templateId: r.templateId,
      type: r.type,
      customerId: r.customerId,
      ticketId: r.ticketId ?? null,
      agentId: r.agentId ?? null,
      teamId: r.teamId ?? null,
      channel: r.channel ?? 'email',
      reason: 'api', // automatic sends are unique per (template, ticket); the API may ask again
      expiresAfterDays: r.expiresAfterDays ?? 14,
    }),
  );
  return { token, requestId };
}

/** Moves an answer's first-answer time back (the edit window is measured from it). */
export async function ageAnswer(t: TestApp, requestId: string, minutes: number) {
  await t.ctx.db.query(`UPDATE survey_answers SET answered_at = answered_at - make_interval(mins => $2) WHERE request_id = $1`, [requestId, minutes]);
}
