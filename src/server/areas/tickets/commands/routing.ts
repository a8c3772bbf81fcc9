import type { Tx } from '../../../core/db/types.js';
import type { Actor } from '../../../core/http/actor.js';
import { pickRoundRobinAssignee } from './round-robin.js';
import { changeStatus } from './status.js';
import { TICKET_COLUMNS, ticketEvent, type TicketRow } from './ticket-store.js';

/** Sets the assignee of a locked ticket and records ticket.assigned {from, to, mode}. */
export async function setAssignee(tx: Tx, t: TicketRow, assigneeId: string | null, actor: Actor | null, mode: 'manual' | 'round_robin'): Promise<TicketRow> {
  if (t.assignee_id === assigneeId) return t;
  const row = await tx.one<TicketRow>(`UPDATE tickets SET assignee_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING ${TICKET_COLUMNS}`, [
    t.workspace_id,
    t.id,
    assigneeId,
  ]);
  await ticketEvent(tx, row, 'ticket.assigned', actor, { from: t.assignee_id, to: assigneeId, mode });
  return row;
}

/**
 * What happens once a ticket is in a team: a received/verified ticket becomes 'routed', and a
 * ticket without an assignee goes round-robin to the team's next available member (if any).
 */
export async function afterRoutedToTeam(tx: Tx, t: TicketRow, actor: Actor | null, opts: { autoAssign: boolean }): Promise<TicketRow> {
  let row = t;
  const teamId = row.team_id;
  if (!teamId) return row;
  if (row.status === 'received' || row.status === 'verified') row = await changeStatus(tx, row, 'routed', actor, 'team_assigned');
  if (opts.autoAssign && !row.assignee_id) {
    const next = await pickRoundRobinAssignee(tx, row.workspace_id, teamId);
    if (next) row = await setAssignee(tx, row, next, actor, 'round_robin');
  }
  return row;
}
