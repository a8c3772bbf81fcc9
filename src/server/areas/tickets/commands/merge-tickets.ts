import type { Db } from '../../../core/db/types.js';
import { AppError, badRequest, notFound } from '../../../core/errors.js';
import type { Actor } from '../../../core/http/actor.js';
import { changeStatus } from './status.js';
import { TICKET_COLUMNS, ticketEvent, type TicketRow } from './ticket-store.js';

/**
 * Merges ticket `sourceId` into `intoId` (same workspace; the customers may differ, e.g. one person
 * writing from two numbers): every message moves to the target, the source becomes a closed
 * tombstone with merged_into_id, and both tickets get an event. The actor is an agent, or the system
 * when a channel joins conversations it finds to be one (an email linking two threads by reference).
 */
export async function mergeTickets(db: Db, sourceId: string, intoId: string, actor: Actor): Promise<{ source: TicketRow; target: TicketRow; movedMessages: number }> {
  const ws = actor.workspaceId;
  if (sourceId === intoId) throw badRequest('ticket.merge_into_self', 'A ticket cannot be merged into itself');
  return db.tx(async (tx) => {
    // Lock both in id order so two opposite merges cannot deadlock.
    const rows = await tx.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`, [ws, [sourceId, intoId]]);
    const source = rows.find((r) => r.id === sourceId);
    const target = rows.find((r) => r.id === intoId);
    if (!source) throw notFound('ticket');
    if (!target) throw badRequest('ticket.merge_target_not_found', 'The ticket to merge into does not exist in this workspace');
    if (source.merged_into_id) throw new AppError(409, 'ticket.already_merged', `Ticket #${source.number} is already merged`);
    if (target.merged_into_id) throw badRequest('ticket.merge_target_merged', `Ticket #${target.number} was itself merged; merge into the ticket it points to`);

    const moved = await tx.query<{ id: string }>('UPDATE messages SET ticket_id = $3 WHERE workspace_id = $1 AND ticket_id = $2 RETURNING id', [ws, source.id, target.id]);
    const sourceIsNewer = new Date(source.last_message_at) > new Date(target.last_message_at);
    const t = await tx.one<TicketRow>(
      `UPDATE tickets SET
         message_count = message_count + $3,
         last_message_at = greatest(last_message_at, $4),
         last_message_preview = CASE WHEN $5 THEN $6 ELSE last_message_preview END,
         last_customer_message_at = CASE WHEN $7::timestamptz IS NULL THEN last_customer_message_at
                                         ELSE greatest(coalesce(last_customer_message_at, $7), $7) END,
         first_message_at = least(first_message_at, $8),
         updated_at = now()
       WHERE workspace_id = $1 AND id = $2 RETURNING ${TICKET_COLUMNS}`,
      [ws, target.id, moved.length, source.last_message_at, sourceIsNewer, source.last_message_preview, source.last_customer_message_at, source.first_message_at],
    );
    let s = await tx.one<TicketRow>(
      `UPDATE tickets SET merged_into_id = $3, message_count = 0, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING ${TICKET_COLUMNS}`,
      [ws, source.id, target.id],
    );
    await ticketEvent(tx, s, 'ticket.merged', actor, { intoTicketId: target.id, intoNumber: target.number, movedMessages: moved.length });
    if (s.status !== 'closed') s = await changeStatus(tx, s, 'closed', actor, 'merged');
    await ticketEvent(tx, t, 'ticket.merged_in', actor, { fromTicketId: source.id, fromNumber: source.number, movedMessages: moved.length, fromCustomerId: source.customer_id });
    return { source: s, target: t, movedMessages: moved.length };
  });
}
