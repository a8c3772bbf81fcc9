import type { Db } from '../../../core/db/types.js';
import { AppError, badRequest, notFound } from '../../../core/errors.js';
import { resolveCustomer } from '../../customers/index.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import { normalizePhone } from '../../../core/lib/phone.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { assertNotMerged, TICKET_COLUMNS, type TicketRow } from '../../tickets/index.js';
import type { CallLog } from '../../../../shared/calls.js';
import { fileCallMessage } from './call-entry.js';
import type { CallRow } from '../call-text.js';
import { appendCallEnded } from '../events.js';

/**
 * An agent logs a call by hand (a call on a mobile, a PBX without the webhook): a calls row
 * (logged_by_hand, no account, the agent as its agent) and its entry in the ticket given, else the
 * customer's open phone ticket, else a new phone ticket. A call with talk time was answered
 * ('ended'); without, nobody picked up ('missed' — never a call-back task: the agent is already on it).
 * 400 call.customer_required / call.invalid_customer / call.invalid_phone / call.ticket_customer_mismatch /
 * call.in_future; 404 ticket.not_found; 409 ticket.merged.
 */
export async function logCall(db: Db, input: CallLog, actor: AuthedActor): Promise<CallRow> {
  const ws = actor.workspaceId;
  if (!input.customerId && !input.phone && !input.ticketId) {
    throw badRequest('call.customer_required', 'Name the customer: customerId, phone, or the ticket the call belongs to');
  }
  const startedAt = new Date(input.startedAt);
  if (startedAt.getTime() > Date.now() + 5 * 60_000) throw badRequest('call.in_future', 'The call cannot start in the future');
  const phone = input.phone ? normalizePhone(input.phone) : null;
  if (input.phone && !phone) throw badRequest('call.invalid_phone', `"${input.phone}" is not a valid phone number`);

  return db.tx(async (tx) => {
    let ticket: TicketRow | undefined;
    if (input.ticketId) {
      ticket = await tx.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [ws, input.ticketId]);
      if (!ticket) throw notFound('ticket');
      assertNotMerged(ticket);
    }
    let customer: { id: string; name: string } | undefined;
    if (input.customerId) {
      const c = await tx.maybeOne<{ id: string; name: string; merged_into_id: string | null }>(
        'SELECT id, name, merged_into_id FROM customers WHERE workspace_id = $1 AND id = $2',
        [ws, input.customerId],
      );
      if (!c) throw badRequest('call.invalid_customer', 'The customer does not exist in this workspace');
      if (c.merged_into_id) throw new AppError(409, 'call.customer_merged', 'This customer was merged into another profile; log the call there', { mergedIntoId: c.merged_into_id });
      customer = c;
    } else if (phone) {
      customer = (await resolveCustomer(tx, { workspaceId: ws, identities: [{ kind: 'phone', value: phone }], actor })).customer;
    } else if (ticket) {
      customer = await tx.one<{ id: string; name: string }>('SELECT id, name FROM customers WHERE workspace_id = $1 AND id = $2', [ws, ticket.customer_id]);
    }
    if (!customer) throw badRequest('call.customer_required', 'Name the customer: customerId, phone, or the ticket the call belongs to');
    if (ticket && ticket.customer_id !== customer.id) {
      throw badRequest('call.ticket_customer_mismatch', `Ticket #${ticket.number} belongs to another customer`);
    }
    const customerPhone = phone ?? (await tx.maybeOne<{ phone: string | null }>('SELECT phone FROM customers WHERE id = $1', [customer.id]))?.phone ?? null;
    const ours = null; // the business side of a hand-logged call is not known
    const answered = input.talkSeconds > 0;
    const endedAt = new Date(startedAt.getTime() + input.talkSeconds * 1000);
    const id = newId();
    let call = await tx.one<CallRow>(
      `INSERT INTO calls (id, workspace_id, account_id, external_id, direction, from_number, to_number, customer_id, agent_user_id, status,
         started_at, answered_at, ended_at, wait_seconds, talk_seconds, wrap_up_seconds, missed, abandoned, logged_by_hand, logged_by, note, events)
       VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, $13, $14, $15, false, true, $8, $16, '{}') RETURNING *`,
      [
        id, ws, `manual:${id}`, input.direction,
        input.direction === 'inbound' ? customerPhone : ours, input.direction === 'inbound' ? ours : customerPhone,
        customer.id, actor.kind === 'user' ? actor.id : null, answered ? 'ended' : 'missed',
        startedAt, answered ? startedAt : null, endedAt, input.talkSeconds, input.wrapUpSeconds ?? null, !answered, input.note || null,
      ],
    );
    const filed = await fileCallMessage(db, tx, call, { customerId: customer.id, customerName: customer.name, ticket, actor });
    call = await tx.one<CallRow>('UPDATE calls SET ticket_id = $3, message_id = $4 WHERE workspace_id = $1 AND id = $2 RETURNING *', [ws, id, filed.ticket.id, filed.messageId]);
    await appendEvent(tx, {
      workspaceId: ws,
      type: 'call.logged',
      subjectType: 'call',
      subjectId: id,
      actor,
      data: { ticketId: filed.ticket.id, customerId: customer.id, direction: call.direction, talkSeconds: call.talk_seconds },
    });
    await appendCallEnded(tx, call, actor);
    return call;
  });
}
