import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { decodeCursor, encodeCursor } from '../../customers/index.js';
import type { SurveyAnswerDto, SurveyType } from '../../../../shared/surveys.js';

const iso = (v: unknown) => new Date(v as string).toISOString();

/** A survey_answers row joined with the agent's name. */
interface SurveyAnswerRow {
  id: string;
  request_id: string;
  template_id: string;
  type: SurveyType;
  score: number | null;
  comment: string | null;
  answers: Record<string, unknown> | null;
  customer_id: string;
  ticket_id: string | null;
  agent_id: string | null;
  agent_name: string | null;
  team_id: string | null;
  channel: string;
  answered_at: Date;
  updated_at: Date;
  followup_ticket_id: string | null;
}

/** A survey_answers row joined with the agent's name → API shape (SurveyAnswerSchema). */
export function presentSurveyAnswer(r: SurveyAnswerRow): SurveyAnswerDto {
  return {
    id: r.id,
    requestId: r.request_id,
    templateId: r.template_id,
    type: r.type,
    score: r.score == null ? null : Number(r.score),
    comment: r.comment ?? null,
    answers: r.answers ?? {},
    customerId: r.customer_id,
    ticketId: r.ticket_id ?? null,
    agent: r.agent_id ? { id: r.agent_id, name: r.agent_name ?? '' } : null,
    teamId: r.team_id ?? null,
    channel: r.channel,
    answeredAt: iso(r.answered_at),
    updatedAt: iso(r.updated_at),
    followupTicketId: r.followup_ticket_id ?? null,
  };
}

export interface AnswerFilter {
  ticketId?: string;
  customerId?: string;
  type?: SurveyType;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/**
 * A workspace's survey answers, newest first, with a keyset cursor on (answered_at, id). A customer's
 * answers include those of profiles merged into them (answers keep the profile they were given under).
 */
export async function listSurveyAnswers(sql: Sql, workspaceId: string, f: AnswerFilter) {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const where = ['a.workspace_id = $1'];
  const params: unknown[] = [workspaceId];
  const add = (cond: string, v: unknown) => {
    params.push(v);
    where.push(cond.replaceAll('?', `$${params.length}`));
  };
  if (f.customerId) add(`a.customer_id IN (SELECT id FROM customers WHERE workspace_id = $1 AND (id = ? OR merged_into_id = ?))`, f.customerId);
  if (f.ticketId) add('a.ticket_id = ?', f.ticketId);
  if (f.type) add('a.type = ?', f.type);
  if (f.from) add('a.answered_at >= ?', new Date(f.from));
  if (f.to) add('a.answered_at < ?', new Date(f.to));
  if (f.cursor) {
    const [at, id] = decodeCursor(f.cursor);
    params.push(at, id);
    where.push(`(a.answered_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(limit + 1);
  const rows = await sql.query<SurveyAnswerRow & { cursor_at: string }>(
    `SELECT a.*, a.answered_at::text AS cursor_at, u.name AS agent_name
     FROM survey_answers a LEFT JOIN users u ON u.id = a.agent_id
     WHERE ${where.join(' AND ')}
     ORDER BY a.answered_at DESC, a.id DESC LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { answers: page.map(presentSurveyAnswer), nextCursor: more && last ? encodeCursor(last.cursor_at, last.id) : null };
}

/** GET /api/tickets/:id/survey: the survey requests sent about a ticket and their answers (newest first). */
export async function loadTicketSurvey(sql: Sql, workspaceId: string, ticketId: string) {
  const t = await sql.maybeOne('SELECT 1 FROM tickets WHERE workspace_id = $1 AND id = $2', [workspaceId, ticketId]);
  if (!t) throw notFound('ticket');
  const requests = await sql.query<{
    id: string; template_id: string; type: SurveyType; status: string; channel: string; reason: string;
    sent_at: Date; expires_at: Date; answered_at: Date | null; created_at: Date;
  }>(
    `SELECT id, template_id, type, status, channel, reason, sent_at, expires_at, answered_at, created_at FROM survey_requests
     WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY sent_at DESC, id DESC LIMIT 50`,
    [workspaceId, ticketId],
  );
  const { answers } = await listSurveyAnswers(sql, workspaceId, { ticketId, limit: 50 });
  return {
    requests: requests.map((r) => ({
      id: r.id,
      templateId: r.template_id,
      type: r.type,
      status: r.status,
      channel: r.channel,
      reason: r.reason,
      sentAt: iso(r.sent_at),
      expiresAt: iso(r.expires_at),
      answeredAt: r.answered_at ? iso(r.answered_at) : null,
      createdAt: iso(r.created_at),
    })),
    answer: answers[0] ?? null,
    answers,
  };
}
