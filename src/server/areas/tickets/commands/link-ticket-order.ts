import type { Db } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import type { Actor } from '../../../core/http/actor.js';
import { assertNotMerged, lockTicket, TICKET_COLUMNS, ticketEvent, type TicketRow } from './ticket-store.js';

/**
 * Says which order a ticket is about (orderId null: about none). The order must be one of the ticket
 * customer's (or of a profile merged into it), so the panel never shows a stranger's order. The
 * orders row is read by SQL: tickets needs nothing of the orders area's code. Linking the order it is
 * already about changes nothing and appends no event (a double click, a retry).
 */
export async function linkTicketOrder(db: Db, input: { workspaceId: string; ticketId: string; orderId: string | null }, actor: Actor): Promise<TicketRow> {
  return db.tx(async (tx) => {
    const t = await lockTicket(tx, input.workspaceId, input.ticketId);
    assertNotMerged(t);
    let code: string | null = null;
    if (input.orderId) {
      const o = await tx.maybeOne<{ code: string; customer_id: string | null; merged_into_id: string | null }>(
        `SELECT o.code, o.customer_id, c.merged_into_id FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
         WHERE o.workspace_id = $1 AND o.id = $2`,
        [input.workspaceId, input.orderId],
      );
      if (!o) throw badRequest('ticket.order_not_found', 'There is no such order in this workspace');
      if (o.customer_id !== t.customer_id && o.merged_into_id !== t.customer_id) {
        throw badRequest('ticket.order_other_customer', "The order is not this ticket's customer's; pick one of theirs");
      }
      code = o.code;
    }
    const previous = t.order_id ?? null;
    if (previous === input.orderId) return t;
    const row = await tx.one<TicketRow>(`UPDATE tickets SET order_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING ${TICKET_COLUMNS}`, [
      input.workspaceId,
      t.id,
      input.orderId,
    ]);
    await ticketEvent(tx, t, 'ticket.order_linked', actor, { orderId: input.orderId, previousOrderId: previous, orderCode: code });
    return row;
  });
}
