import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';

/**
 * What a ticket's customer is asking: their latest inbound messages (up to three, newest last), as
 * plain text. A read of the conversation for suggestions only (the tickets area owns the rows).
 */
export async function ticketQuestion(sql: Sql, workspaceId: string, ticketId: string): Promise<string> {
  const t = await sql.maybeOne<{ subject: string }>('SELECT subject FROM tickets WHERE workspace_id = $1 AND id = $2', [workspaceId, ticketId]);
  if (!t) throw notFound('ticket');
  const rows = await sql.query<{ body: string; content_type: string }>(
    `SELECT body, content_type FROM messages WHERE workspace_id = $1 AND ticket_id = $2 AND direction = 'inbound' ORDER BY created_at DESC LIMIT 3`,
    [workspaceId, ticketId],
  );
  const text = rows.reverse().map((r) => (r.content_type === 'html' ? r.body.replace(/<[^>]+>/g, ' ') : r.body)).join('\n');
  return (text || t.subject).slice(0, 2000);
}
