import type { AppContext } from '../../../core/context.js';
import { AppError } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import { editableUntil, linkState, loadSurveyLink, type SurveyLink } from '../answer/load-request.js';
import { isLowScore, noteFollowupChange, openFollowup } from '../answer/followup.js';
import { validateAnswer, type AnswerInput, type ValidAnswer } from '../answer/validate-answer.js';

export const surveyNotFound = () => new AppError(404, 'survey.not_found', 'This survey link does not exist; check that the whole link was copied');
export const surveyExpired = () => new AppError(410, 'survey.expired', 'This survey has expired and no longer takes answers');
export const surveyClosed = (until: Date) =>
  new AppError(409, 'survey.closed', 'This survey was already answered and can no longer be changed', { editableUntil: until.toISOString() });

/** Where links in notes point: PUBLIC_URL, else this server's local address. */
export const publicBaseUrl = (ctx: AppContext) => (ctx.env.PUBLIC_URL ?? `http://localhost:${ctx.env.PORT}`).replace(/\/+$/, '');

export interface RecordedAnswer {
  answerId: string;
  editableUntil: Date;
  /** false when an existing answer was edited (or resent unchanged). */
  created: boolean;
  followupTicketId: string | null;
  link: SurveyLink;
  answer: ValidAnswer;
}

/**
 * Records or edits the answer of a survey link (the token is the credential). One transaction, the
 * request row locked so two submissions of one link make one answer: the answer upserted (copying
 * customer/ticket/agent/team/channel from the request, which metrics group by), the request marked
 * answered, `survey.answered` appended (ticket + customer realtime, the ticket's 'rated' step), and a
 * low score's follow-up ticket opened once (later edits add notes to it instead of a second one).
 * Errors: survey.not_found 404, survey.expired 410, survey.closed 409 (after the edit window),
 * survey.invalid_score / validation.failed 400.
 */
export async function recordAnswer(ctx: AppContext, token: string, input: AnswerInput, now = new Date()): Promise<RecordedAnswer> {
  return ctx.db.tx(async (tx) => {
    const link = await loadSurveyLink(tx, token, { lock: true });
    if (!link) throw surveyNotFound();
    const state = linkState(link, now);
    if (state === 'expired') throw surveyExpired();
    if (state === 'closed') throw surveyClosed(editableUntil(link)!);
    const previous: ValidAnswer | null = link.answer ? { score: link.answer.score, comment: link.answer.comment, answers: link.answer.answers } : null;
    const next = validateAnswer(link.type, link.questions, input, previous);
    const ws = link.workspaceId;

    const row = await tx.one<{ id: string; answered_at: Date; followup_ticket_id: string | null }>(
      `INSERT INTO survey_answers (id, workspace_id, request_id, template_id, type, score, comment, answers, customer_id, ticket_id, agent_id, team_id, channel, answered_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
       ON CONFLICT (request_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment, answers = EXCLUDED.answers, updated_at = EXCLUDED.updated_at
       RETURNING id, answered_at, followup_ticket_id`,
      [
        newId(), ws, link.requestId, link.templateId, link.type, next.score, next.comment, JSON.stringify(next.answers), link.customerId, link.ticketId,
        link.agentId, link.teamId, link.channel, now,
      ],
    );
    const created = !link.answer;
    if (created) {
      await tx.query(`UPDATE survey_requests SET status = 'answered', answered_at = $3 WHERE workspace_id = $1 AND id = $2`, [ws, link.requestId, now]);
    }

    let followupTicketId = row.followup_ticket_id;
    if (followupTicketId && previous) await noteFollowupChange(tx, link, followupTicketId, previous, next);
    else if (!followupTicketId && isLowScore(link.lowScoreThreshold, next.score)) {
      followupTicketId = await openFollowup(ctx.db, tx, link, next, publicBaseUrl(ctx));
      await tx.query('UPDATE survey_answers SET followup_ticket_id = $3 WHERE workspace_id = $1 AND id = $2', [ws, row.id, followupTicketId]);
    }

    const changed = created || previous?.score !== next.score || previous?.comment !== next.comment || JSON.stringify(previous?.answers) !== JSON.stringify(next.answers);
    if (changed) {
      await appendEvent(tx, {
        workspaceId: ws,
        type: 'survey.answered',
        subjectType: link.ticketId ? 'ticket' : 'customer',
        subjectId: link.ticketId ?? link.customerId,
        actor: { kind: 'customer', id: link.customerId, workspaceId: ws },
        data: {
          answerId: row.id,
          requestId: link.requestId,
          ticketId: link.ticketId,
          customerId: link.customerId,
          type: link.type,
          score: next.score,
          edited: !created,
          previousScore: previous?.score ?? null,
          followupTicketId,
        },
      });
    }
    const answeredAt = new Date(row.answered_at);
    return {
      answerId: row.id,
      editableUntil: new Date(answeredAt.getTime() + link.editWindowMinutes * 60_000),
      created,
      followupTicketId,
      link: {
        ...link,
        status: 'answered',
        answer: { id: row.id, ...next, answeredAt, updatedAt: now, followupTicketId },
      },
      answer: next,
    };
  });
}
