import type { AppContext } from '../core/context.js';
import type { Actor } from '../core/http/actor.js';
import { createCustomer } from '../areas/customers/index.js';
import { addMessage, insertTicket, type TicketRow } from '../areas/tickets/index.js';
import type { InsertTicketInput } from '../areas/tickets/index.js';
import type { CustomerCreate } from '../../shared/customers.js';

/**
 * Builders for tests (Outline's factories): each goes through the area's own command, so what a test
 * sets up is what the product would have written — identities normalised, events appended, reactions queued.
 */

let seq = 0;

/** A customer made by the customers area's create command; a name is made up when none is given. */
export async function buildCustomer(ctx: Pick<AppContext, 'db'>, workspaceId: string, overrides: Partial<CustomerCreate> = {}, actor: Actor | null = null) {
  return createCustomer(ctx.db, { workspaceId, data: { name: `Khách Hàng ${++seq}`, ...overrides }, actor: actor ?? { kind: 'system', workspaceId } });
}

/**
 * A ticket made by the tickets area's insert command, with the customer's first message (inbound, at
 * `messageAt`, default now: a reply window counts from it); a customer is built when none is given.
 */
export async function buildTicket(
  ctx: Pick<AppContext, 'db'>,
  workspaceId: string,
  overrides: Partial<InsertTicketInput> & { messageAt?: Date; body?: string } = {},
  actor: Actor | null = null,
): Promise<TicketRow> {
  const customerId = overrides.customerId ?? (await buildCustomer(ctx, workspaceId)).id;
  const { messageAt, body, ...input } = overrides;
  const by = actor ?? { kind: 'system', workspaceId };
  return ctx.db.tx(async (tx) => {
    const t = await insertTicket(ctx.db, tx, workspaceId, { subject: `Phiếu ${++seq}`, channel: 'api', firstMessageAt: messageAt, ...input, customerId }, by);
    const r = await addMessage(tx, t, {
      direction: 'inbound', authorUserId: null, channel: t.channel, body: body ?? 'Cho mình hỏi về đơn hàng', contentType: 'text', attachments: [], sentAt: messageAt, actor: by,
    });
    return r.ticket;
  });
}
