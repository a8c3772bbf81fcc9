import type { Tx } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import type { Actor } from '../../../core/http/actor.js';
import { TICKET_STATUSES, type TicketStatus } from '../../../../shared/common.js';
import type { StatusChangeReason } from '../events.js';
import { TICKET_COLUMNS, ticketEvent, type TicketRow } from './ticket-store.js';

const rank = (s: TicketStatus) => TICKET_STATUSES.indexOf(s);
export const OPEN_STATUSES: TicketStatus[] = ['received', 'verified', 'routed', 'responded'];
export const isOpen = (s: TicketStatus) => OPEN_STATUSES.includes(s);

export type Transition = 'same' | 'forward' | 'reopen' | 'back';

/**
 * The 5-step pipeline moves forward (steps may be skipped: spam is resolved straight away), and a
 * resolved or closed ticket can go back to an open step (a reopen) or from closed to resolved.
 * Moving back between open steps is refused: the steps record what happened, not a to-do list.
 */
export function classifyTransition(from: TicketStatus, to: TicketStatus): Transition {
  if (from === to) return 'same';
  if (rank(to) > rank(from)) return 'forward';
  if (!isOpen(from) && isOpen(to)) return 'reopen';
  if (from === 'closed' && to === 'resolved') return 'back';
  throw badRequest('ticket.invalid_transition', `A ticket cannot move back from "${from}" to "${to}"; only resolved or closed tickets reopen`, { from, to });
}

/**
 * Moves `t` (a row locked by the caller) to `to`: updates the timestamps that belong to the step,
 * writes the row, and appends ticket.status_changed (+ ticket.reopened). Returns the updated row.
 */
export async function changeStatus(tx: Tx, t: TicketRow, to: TicketStatus, actor: Actor | null, reason?: StatusChangeReason): Promise<TicketRow> {
  const kind = classifyTransition(t.status, to);
  if (kind === 'same') return t;
  const row = await tx.one<TicketRow>(
    `UPDATE tickets SET
       status = $3,
       resolved_at = CASE WHEN $3 = 'resolved' THEN now() WHEN $4 THEN NULL ELSE resolved_at END,
       closed_at = CASE WHEN $3 = 'closed' THEN now() WHEN $3 <> 'closed' THEN NULL ELSE closed_at END,
       reopen_count = reopen_count + CASE WHEN $4 THEN 1 ELSE 0 END,
       updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING ${TICKET_COLUMNS}`,
    [t.workspace_id, t.id, to, kind === 'reopen'],
  );
  await ticketEvent(tx, row, 'ticket.status_changed', actor, { from: t.status, to, ...(reason ? { reason } : {}) });
  if (kind === 'reopen') await ticketEvent(tx, row, 'ticket.reopened', actor, { from: t.status, to, reopenCount: row.reopen_count });
  return row;
}
