import type { Db, Tx } from '../../../core/db/types.js';
import { AppError, badRequest } from '../../../core/errors.js';
import type { Actor } from '../../../core/http/actor.js';
import type { Priority, TicketStatus } from '../../../../shared/common.js';
import type { TicketChange } from '../events.js';
import { pickRoundRobinAssignee } from './round-robin.js';
import { afterRoutedToTeam, setAssignee } from './routing.js';
import { computeDueDates, dueTimes } from './sla.js';
import { changeStatus } from './status.js';
import { assertAssignable, assertNotMerged, assertTeam, lockTicket, TICKET_COLUMNS, ticketEvent, type TicketRow } from './ticket-store.js';

export interface TicketPatch {
  status?: TicketStatus;
  priority?: Priority;
  category?: string | null;
  teamId?: string | null;
  assigneeId?: string | null;
  tags?: string[];
  subject?: string;
}

const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Tags as stored: trimmed, no empties, no duplicates, in the order given. */
export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

/**
 * Edits a ticket; every changed field is one event with the actor (ticket.subject_changed,
 * ticket.priority_changed, ticket.assigned, ticket.status_changed …). A priority change recomputes
 * the SLA due times; a team assignment routes the ticket (and round-robins it when nobody is assigned
 * and the patch does not name an assignee). An explicit status in the patch wins over routing.
 */
export async function updateTicket(db: Db, ticketId: string, patch: TicketPatch, actor: Actor): Promise<TicketRow> {
  return db.tx((tx) => updateTicketInTx(tx, ticketId, patch, actor));
}

/** updateTicket inside the caller's transaction (a workflow action commits it with its idempotency key). */
export async function updateTicketInTx(tx: Tx, ticketId: string, patch: TicketPatch, actor: Actor): Promise<TicketRow> {
  const ws = actor.workspaceId;
  const before = await lockTicket(tx, ws, ticketId);
  assertNotMerged(before);
  if (patch.assigneeId) await assertAssignable(tx, ws, patch.assigneeId);
  if (patch.teamId) await assertTeam(tx, ws, patch.teamId);

  const next = { ...before };
  const changes: TicketChange[] = [];
  if (patch.subject !== undefined && patch.subject !== before.subject) {
    next.subject = patch.subject;
    changes.push(['ticket.subject_changed', { from: before.subject, to: patch.subject }]);
  }
  if (patch.category !== undefined && (patch.category || null) !== before.category) {
    next.category = patch.category || null;
    changes.push(['ticket.category_changed', { from: before.category, to: next.category }]);
  }
  if (patch.tags !== undefined) {
    const tags = normalizeTags(patch.tags);
    if (!sameTags(tags, before.tags)) {
      next.tags = tags;
      changes.push(['ticket.tags_changed', { added: tags.filter((x) => !before.tags.includes(x)), removed: before.tags.filter((x) => !tags.includes(x)) }]);
    }
  }
  if (patch.priority !== undefined && patch.priority !== before.priority) {
    next.priority = patch.priority;
    // Same start, new targets: the clock does not restart because someone changed the priority.
    const due = await computeDueDates(tx, ws, patch.priority, new Date(before.created_at));
    next.first_response_due_at = due.firstResponseDueAt;
    next.resolution_due_at = due.resolutionDueAt;
    changes.push(['ticket.priority_changed', { from: before.priority, to: patch.priority, ...dueTimes(due) }]);
  }
  const teamChanged = patch.teamId !== undefined && patch.teamId !== before.team_id;
  if (teamChanged) {
    next.team_id = patch.teamId ?? null;
    changes.push(['ticket.team_changed', { from: before.team_id, to: next.team_id }]);
  }

  let t = await tx.one<TicketRow>(
    `UPDATE tickets SET subject = $3, category = $4, tags = $5, priority = $6, first_response_due_at = $7, resolution_due_at = $8,
       team_id = $9, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING ${TICKET_COLUMNS}`,
    [ws, ticketId, next.subject, next.category, next.tags, next.priority, next.first_response_due_at, next.resolution_due_at, next.team_id],
  );
  for (const [type, data] of changes) await ticketEvent(tx, t, type, actor, data);

  if (patch.assigneeId !== undefined) t = await setAssignee(tx, t, patch.assigneeId, actor, 'manual');
  if (patch.status !== undefined) t = await changeStatus(tx, t, patch.status, actor);
  if (teamChanged && t.team_id) {
    // With an explicit status the agent decided the step; only the auto-assignment still applies.
    if (patch.status === undefined) t = await afterRoutedToTeam(tx, t, actor, { autoAssign: patch.assigneeId === undefined });
    else if (patch.assigneeId === undefined && !t.assignee_id) {
      const nextUser = await pickRoundRobinAssignee(tx, ws, t.team_id);
      if (nextUser) t = await setAssignee(tx, t, nextUser, actor, 'round_robin');
    }
  }
  return t;
}

/**
 * POST /tickets/:id/assign: round-robin within the ticket's team (or the team given, which then
 * becomes the ticket's team), or a named user. 409 ticket.no_available_agent when the team has
 * no active, available member.
 */
export async function assignTicket(
  db: Db,
  ticketId: string,
  input: AssignInput,
  actor: Actor,
): Promise<TicketRow> {
  return db.tx((tx) => assignTicketInTx(tx, ticketId, input, actor));
}

export type AssignInput = { mode: 'round_robin'; teamId?: string } | { mode: 'user'; assigneeId: string | null };

/** assignTicket inside the caller's transaction. */
export async function assignTicketInTx(tx: Tx, ticketId: string, input: AssignInput, actor: Actor): Promise<TicketRow> {
  const ws = actor.workspaceId;
  let t = await lockTicket(tx, ws, ticketId);
  assertNotMerged(t);
  if (input.mode === 'user') {
    if (input.assigneeId) await assertAssignable(tx, ws, input.assigneeId);
    return setAssignee(tx, t, input.assigneeId, actor, 'manual');
  }
  const teamId = input.teamId ?? t.team_id;
  if (!teamId) throw badRequest('ticket.no_team', 'Route the ticket to a team first, or name the team to round-robin in');
  if (teamId !== t.team_id) {
    await assertTeam(tx, ws, teamId);
    const from = t.team_id;
    t = await tx.one<TicketRow>(`UPDATE tickets SET team_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING ${TICKET_COLUMNS}`, [ws, t.id, teamId]);
    await ticketEvent(tx, t, 'ticket.team_changed', actor, { from, to: teamId });
  }
  t = await afterRoutedToTeam(tx, t, actor, { autoAssign: false });
  const next = await pickRoundRobinAssignee(tx, ws, teamId);
  if (!next) throw new AppError(409, 'ticket.no_available_agent', 'Nobody in this team is active and available right now');
  return setAssignee(tx, t, next, actor, 'round_robin');
}
