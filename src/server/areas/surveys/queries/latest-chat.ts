import type { Sql } from '../../../core/db/types.js';
import type { EventData } from '../../../core/events/types.js';

/**
 * How the ticket's latest chat stands, from the chat events a channel appended (chat.started,
 * chat.ended) — surveys read no channel's tables (DESIGN rule 4): 'open' while it goes on, its end
 * status once over; undefined when the ticket never had a chat.
 */
export async function latestChatOfTicket(sql: Sql, workspaceId: string, ticketId: string): Promise<'open' | EventData<'chat.ended'>['status'] | undefined> {
  const e = await sql.maybeOne<{ type: 'chat.started' | 'chat.ended'; status: EventData<'chat.ended'>['status'] | null }>(
    `SELECT type, data->>'status' AS status FROM events
     WHERE workspace_id = $1 AND subject_type = 'chat' AND data->>'ticketId' = $2 AND type IN ('chat.started', 'chat.ended')
     ORDER BY id DESC LIMIT 1`,
    [workspaceId, ticketId],
  );
  if (!e) return undefined;
  return e.type === 'chat.started' ? 'open' : (e.status ?? undefined);
}
