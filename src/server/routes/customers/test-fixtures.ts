import type { Sql } from '../../db/types.js';
import { newId } from '../../lib/ids.js';

/**
 * Test fixture: a ticket with messages for a customer, written straight to the tables (the tickets
 * area owns the real commands; customers tests only need rows that point at a customer).
 */
export async function insertTicketWithMessages(
  sql: Sql,
  opts: { workspaceId: string; customerId: string; subject: string; channel?: string; status?: string; messages?: { body: string; direction?: string; at?: string }[]; at?: string },
) {
  const n = await sql.one<{ n: number }>('UPDATE workspaces SET ticket_seq = ticket_seq + 1 WHERE id = $1 RETURNING ticket_seq AS n', [opts.workspaceId]);
  const at = opts.at ?? new Date().toISOString();
  const ticket = await sql.one(
    `INSERT INTO tickets (id, workspace_id, number, subject, customer_id, channel, status, created_at, first_message_at, last_message_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8) RETURNING *`,
    [newId(), opts.workspaceId, n.n, opts.subject, opts.customerId, opts.channel ?? 'zalo', opts.status ?? 'received', at],
  );
  const messages = [];
  for (const m of opts.messages ?? []) {
    messages.push(
      await sql.one(
        `INSERT INTO messages (id, workspace_id, ticket_id, customer_id, direction, channel, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [newId(), opts.workspaceId, ticket.id, opts.customerId, m.direction ?? 'inbound', ticket.channel, m.body, m.at ?? at],
      ),
    );
  }
  return { ticket, messages };
}
