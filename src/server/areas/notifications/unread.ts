import type { Sql } from '../../core/db/types.js';
import { notFound } from '../../core/errors.js';
import type { UnreadCounts } from '../../../shared/notifications.js';

/**
 * Unread tickets per inbox view for one user: open tickets whose last customer message is newer than
 * the user's last read of them. Customer messages from before the user joined do not count, so a new
 * colleague does not start with the whole backlog unread. Walks the open tickets of the workspace
 * (the tickets_inbox_open_* indexes) with one primary-key probe into ticket_reads each.
 */
export async function unreadCounts(sql: Sql, workspaceId: string, userId: string, teamId?: string): Promise<UnreadCounts> {
  const row = await sql.one<{ mine: string; unassigned: string; team: string; all: string }>(
    `SELECT count(*) FILTER (WHERE t.assignee_id = $2) AS mine,
            count(*) FILTER (WHERE t.assignee_id IS NULL) AS unassigned,
            count(*) FILTER (WHERE t.team_id = $3::uuid) AS team,
            count(*) AS all
     FROM tickets t
     JOIN users u ON u.id = $2 AND u.workspace_id = $1
     LEFT JOIN ticket_reads r ON r.user_id = $2 AND r.ticket_id = t.id
     WHERE t.workspace_id = $1 AND t.merged_into_id IS NULL AND t.status NOT IN ('resolved', 'closed')
       AND t.last_customer_message_at > greatest(u.created_at, coalesce(r.read_at, '-infinity'::timestamptz))`,
    [workspaceId, userId, teamId ?? null],
  );
  const mine = Number(row.mine);
  const unassigned = Number(row.unassigned);
  return { mine, unassigned, team: teamId ? Number(row.team) : null, all: Number(row.all), forMe: mine + unassigned };
}

/** Marks a ticket read by a user now (opening it); 404 when the ticket is not in their workspace. Repeating it only moves the time. */
export async function markTicketRead(sql: Sql, workspaceId: string, userId: string, ticketId: string): Promise<{ readAt: string }> {
  const row = await sql.maybeOne<{ read_at: Date }>(
    `INSERT INTO ticket_reads (workspace_id, user_id, ticket_id, read_at)
     SELECT t.workspace_id, $2, t.id, now() FROM tickets t WHERE t.workspace_id = $1 AND t.id = $3
     ON CONFLICT (user_id, ticket_id) DO UPDATE SET read_at = greatest(ticket_reads.read_at, EXCLUDED.read_at)
     RETURNING read_at`,
    [workspaceId, userId, ticketId],
  );
  if (!row) throw notFound('ticket');
  return { readAt: new Date(row.read_at).toISOString() };
}
