import type { Sql } from '../../../core/db/types.js';
import { surveyTokenHash } from '../commands/create-request.js';
import type { SurveyQuestion, SurveyType } from '../../../../shared/surveys.js';

/** A survey request found by its link token, with what answering it needs (template, answer, business). */
export interface SurveyLink {
  requestId: string;
  workspaceId: string;
  templateId: string;
  type: SurveyType;
  status: 'sent' | 'answered' | 'expired' | 'failed';
  customerId: string;
  customerName: string;
  ticketId: string | null;
  ticketNumber: number | null;
  aboutRef: string | null;
  agentId: string | null;
  teamId: string | null;
  channel: string;
  expiresAt: Date;
  templateName: string;
  questions: SurveyQuestion[];
  lowScoreThreshold: number | null;
  editWindowMinutes: number;
  businessName: string;
  timezone: string;
  locale: 'vi' | 'en';
  answer: LinkAnswer | null;
}

export interface LinkAnswer {
  id: string;
  score: number | null;
  comment: string | null;
  answers: Record<string, unknown>;
  answeredAt: Date;
  updatedAt: Date;
  followupTicketId: string | null;
}

/** The state of a link right now: what the page shows and what an answer may do. */
export type LinkState = 'open' | 'editable' | 'closed' | 'expired';

export const editableUntil = (l: Pick<SurveyLink, 'answer' | 'editWindowMinutes'>): Date | null =>
  l.answer ? new Date(l.answer.answeredAt.getTime() + l.editWindowMinutes * 60_000) : null;

/**
 * open: not answered yet; editable: answered, still inside the template's edit window; closed:
 * answered and the window passed; expired: never answered and past expires_at (or marked expired).
 * An answered survey stays editable inside its window even if the link's expiry passes meanwhile:
 * the window was promised when the customer answered.
 */
export function linkState(l: SurveyLink, now = new Date()): LinkState {
  if (l.answer) return now.getTime() <= editableUntil(l)!.getTime() ? 'editable' : 'closed';
  if (l.status === 'expired' || l.expiresAt.getTime() < now.getTime()) return 'expired';
  return 'open';
}

const SELECT = `
  SELECT r.id, r.workspace_id, r.template_id, r.type, r.status, r.customer_id, r.ticket_id, r.about_ref, r.agent_id, r.team_id,
         r.channel, r.expires_at, t.name AS template_name, t.questions, t.low_score_threshold, t.edit_window_minutes,
         w.name AS business_name, w.timezone, w.locale, c.name AS customer_name, tk.number AS ticket_number,
         a.id AS answer_id, a.score, a.comment, a.answers, a.answered_at, a.updated_at AS answer_updated_at, a.followup_ticket_id
  FROM survey_requests r
  JOIN survey_templates t ON t.id = r.template_id AND t.workspace_id = r.workspace_id
  JOIN workspaces w ON w.id = r.workspace_id
  JOIN customers c ON c.id = r.customer_id AND c.workspace_id = r.workspace_id
  LEFT JOIN tickets tk ON tk.id = r.ticket_id AND tk.workspace_id = r.workspace_id
  LEFT JOIN survey_answers a ON a.request_id = r.id AND a.workspace_id = r.workspace_id`;

/** A row of SELECT above: the request, its template, workspace, customer, ticket number and answer (all null when unanswered). */
interface LinkRow {
  id: string;
  workspace_id: string;
  template_id: string;
  type: SurveyType;
  status: SurveyLink['status'];
  customer_id: string;
  ticket_id: string | null;
  about_ref: string | null;
  agent_id: string | null;
  team_id: string | null;
  channel: string;
  expires_at: Date;
  template_name: string;
  questions: SurveyQuestion[] | null;
  low_score_threshold: number | null;
  edit_window_minutes: number;
  business_name: string;
  timezone: string;
  locale: string;
  customer_name: string | null;
  ticket_number: number | null;
  answer_id: string | null;
  score: number | null;
  comment: string | null;
  answers: Record<string, unknown> | null;
  answered_at: Date | null;
  answer_updated_at: Date | null;
  followup_ticket_id: string | null;
}

function toLink(r: LinkRow): SurveyLink {
  return {
    requestId: r.id,
    workspaceId: r.workspace_id,
    templateId: r.template_id,
    type: r.type,
    status: r.status,
    customerId: r.customer_id,
    customerName: r.customer_name ?? '',
    ticketId: r.ticket_id ?? null,
    ticketNumber: r.ticket_number == null ? null : Number(r.ticket_number),
    aboutRef: r.about_ref ?? null,
    agentId: r.agent_id ?? null,
    teamId: r.team_id ?? null,
    channel: r.channel,
    expiresAt: new Date(r.expires_at),
    templateName: r.template_name,
    questions: r.questions ?? [],
    lowScoreThreshold: r.low_score_threshold == null ? null : Number(r.low_score_threshold),
    editWindowMinutes: Number(r.edit_window_minutes),
    businessName: r.business_name,
    timezone: r.timezone,
    locale: r.locale === 'en' ? 'en' : 'vi',
    answer: r.answer_id
      ? {
          id: r.answer_id,
          score: r.score == null ? null : Number(r.score),
          comment: r.comment ?? null,
          answers: r.answers ?? {},
          answeredAt: new Date(r.answered_at!),
          updatedAt: new Date(r.answer_updated_at!),
          followupTicketId: r.followup_ticket_id ?? null,
        }
      : null,
  };
}

/** Tokens are random base64url strings; anything else cannot be one (no lookup needed). */
export const plausibleToken = (token: string) => /^[A-Za-z0-9_-]{16,64}$/.test(token);

/**
 * The request behind a link token (the token is the credential: it is looked up by its hash across
 * workspaces, and everything after that stays inside the request's workspace). `lock` takes the
 * request row FOR UPDATE so concurrent submissions of one link run one after another.
 */
export async function loadSurveyLink(sql: Sql, token: string, opts: { lock?: boolean } = {}): Promise<SurveyLink | undefined> {
  if (!plausibleToken(token)) return undefined;
  const hash = surveyTokenHash(token);
  if (opts.lock) {
    const locked = await sql.maybeOne<{ id: string }>('SELECT id FROM survey_requests WHERE token_hash = $1 FOR UPDATE', [hash]);
    if (!locked) return undefined;
  }
  const row = await sql.maybeOne<LinkRow>(`${SELECT} WHERE r.token_hash = $1`, [hash]);
  return row ? toLink(row) : undefined;
}
