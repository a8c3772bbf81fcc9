import type { Db, Tx } from '../../../core/db/types.js';
import type { Actor } from '../../../core/http/actor.js';
import { insertTicket } from '../../tickets/index.js';
import { addMessage } from '../../tickets/index.js';
import { lockTicket } from '../../tickets/index.js';
import { followMerged } from '../../customers/index.js';
import type { SurveyLink } from './load-request.js';
import { FOLLOWUP_TEXTS, csatLabel, scoreLabel } from './texts.js';
import { mainQuestion, scaleOf, type ValidAnswer } from './validate-answer.js';

/** Whether a score is low enough to open a follow-up (threshold NULL = never). */
export const isLowScore = (threshold: number | null, score: number | null) => threshold !== null && score !== null && score <= threshold;

function label(link: SurveyLink, score: number) {
  const main = mainQuestion(link.type, link.questions);
  const base = scoreLabel(link.type, link.templateName, score, main ? scaleOf(main)!.max : null);
  const words = link.type === 'csat' ? csatLabel(link.locale, score) : null;
  return { short: base, long: words ? `${base} (${words})` : base };
}

const ticketUrl = (baseUrl: string, ticketId: string) => `${baseUrl.replace(/\/+$/, '')}/tickets/${ticketId}`;

/** The supervisor a follow-up goes to: one in the ticket's team first, else the longest-standing one. */
async function pickSupervisor(tx: Tx, workspaceId: string, teamId: string | null): Promise<string | null> {
  const row = await tx.maybeOne<{ id: string }>(
    `SELECT u.id FROM users u
     LEFT JOIN team_members m ON m.workspace_id = u.workspace_id AND m.user_id = u.id AND m.team_id = $2
     WHERE u.workspace_id = $1 AND u.active AND u.role = 'supervisor'
     ORDER BY (m.user_id IS NOT NULL) DESC, u.created_at, u.id LIMIT 1`,
    [workspaceId, teamId],
  );
  return row?.id ?? null;
}

/**
 * Closing the loop: opens the follow-up ticket of a low score, in the answering transaction — for
 * the customer (their live profile), high priority, in the rated ticket's team and assigned to a
 * supervisor when the workspace has one, with an internal note carrying the comment and a link to
 * the original ticket. Its channel is 'manual': it is work for the team, and nothing typed on it
 * should reach the customer under the internal subject line by itself.
 */
export async function openFollowup(db: Db, tx: Tx, link: SurveyLink, answer: ValidAnswer, baseUrl: string): Promise<string> {
  const t = FOLLOWUP_TEXTS[link.locale];
  const actor: Actor = { kind: 'system', workspaceId: link.workspaceId };
  const original = link.ticketId
    ? await tx.maybeOne<{ team_id: string | null; number: number }>('SELECT team_id, number FROM tickets WHERE workspace_id = $1 AND id = $2', [link.workspaceId, link.ticketId])
    : undefined;
  const teamId = original ? original.team_id : link.teamId;
  const customer = await followMerged(tx, link.workspaceId, link.customerId);
  const l = label(link, answer.score!);
  const ref = original ? `#${original.number}` : (link.aboutRef ?? '');
  const supervisorId = await pickSupervisor(tx, link.workspaceId, teamId);
  const ticket = await insertTicket(
    db,
    tx,
    link.workspaceId,
    {
      customerId: customer?.id ?? link.customerId,
      subject: t.subject(l.short, ref).slice(0, 300),
      channel: 'manual',
      priority: 'high',
      teamId,
      assigneeId: supervisorId,
      tags: ['survey_low_score'],
    },
    actor,
  );
  const about = original ? t.ticket(original.number) : (link.aboutRef ?? '');
  const lines = [
    t.intro(customer?.name || link.customerName, l.long, about),
    answer.comment ? t.comment(answer.comment) : t.noComment,
    ...(link.ticketId ? [t.original(ticketUrl(baseUrl, link.ticketId))] : []),
    t.ask,
  ];
  await addMessage(tx, ticket, {
    direction: 'note',
    authorUserId: null,
    channel: 'manual',
    body: lines.join('\n'),
    contentType: 'text',
    attachments: [],
    meta: { surveyFollowup: { requestId: link.requestId, originalTicketId: link.ticketId } },
    actor,
  });
  return ticket.id;
}

/** An edit of an answer that already has a follow-up: the new score or comment lands there as a note. */
export async function noteFollowupChange(tx: Tx, link: SurveyLink, followupTicketId: string, before: ValidAnswer, after: ValidAnswer) {
  const t = FOLLOWUP_TEXTS[link.locale];
  const lines: string[] = [];
  if (before.score !== after.score && after.score !== null) {
    lines.push(t.changedScore(before.score === null ? '—' : label(link, before.score).short, label(link, after.score).long));
  }
  if (after.comment && after.comment !== before.comment) lines.push(t.changedComment(after.comment));
  if (lines.length === 0) return;
  const ticket = await tx.maybeOne('SELECT 1 FROM tickets WHERE workspace_id = $1 AND id = $2', [link.workspaceId, followupTicketId]);
  if (!ticket) return;
  const locked = await lockTicket(tx, link.workspaceId, followupTicketId);
  await addMessage(tx, locked, {
    direction: 'note',
    authorUserId: null,
    channel: locked.channel,
    body: lines.join('\n'),
    contentType: 'text',
    attachments: [],
    meta: { surveyFollowup: { requestId: link.requestId, originalTicketId: link.ticketId } },
    actor: { kind: 'system', workspaceId: link.workspaceId },
  });
}
