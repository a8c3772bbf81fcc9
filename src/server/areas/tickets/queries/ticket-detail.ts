import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { loadCalendar, ticketSla } from '../commands/sla.js';
import { presentActorRef, presentTicketDetail, type TicketDetailRow } from '../presenters/ticket.js';
import { presentMessage, type AttachmentMetaRow, type ThreadMessageRow } from '../presenters/message.js';
import { TICKET_STATUSES, type TicketStatus } from '../../../../shared/common.js';
import { type Message, type TicketDetail } from '../../../../shared/tickets.js';

interface EventRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Date;
}

/**
 * The 5-step progress from the ticket's events: each step's latest arrival and who caused it.
 * Going back (a reopen) forgets the later steps, so after a reopen "resolved" is unreached again.
 * A skipped step (received → resolved) counts as reached, with no time or person.
 */
export function progressFromEvents(events: EventRow[], current: TicketStatus): TicketDetail['progress'] {
  const rank = (s: string) => TICKET_STATUSES.indexOf(s as TicketStatus);
  const reachedAt = new Map<string, EventRow>();
  for (const e of events) {
    if (e.type === 'ticket.created') reachedAt.set('received', e);
    if (e.type !== 'ticket.status_changed') continue;
    const to = String(e.data.to);
    for (const s of TICKET_STATUSES) if (rank(s) > rank(to)) reachedAt.delete(s);
    reachedAt.set(to, e);
  }
  return TICKET_STATUSES.map((step) => {
    const e = rank(step) <= rank(current) ? reachedAt.get(step) : undefined;
    return {
      step,
      reached: rank(step) <= rank(current),
      at: e ? new Date(e.created_at).toISOString() : null,
      by: e ? presentActorRef(e) : null,
    };
  });
}

/**
 * The 'rated' step (PRODUCT §2 "Đánh giá"): reached when the customer answered a survey about the
 * ticket — the first answer, by the customer. Listed after the statuses only once reached.
 */
async function ratedStep(sql: Sql, workspaceId: string, ticketId: string): Promise<TicketDetail['progress'][number] | null> {
  const a = await sql.maybeOne<{ answered_at: Date; customer_id: string; customer_name: string | null }>(
    `SELECT a.answered_at, a.customer_id, c.name AS customer_name FROM survey_answers a JOIN customers c ON c.id = a.customer_id
     WHERE a.workspace_id = $1 AND a.ticket_id = $2 ORDER BY a.answered_at, a.id LIMIT 1`,
    [workspaceId, ticketId],
  );
  if (!a) return null;
  return { step: 'rated', reached: true, at: new Date(a.answered_at).toISOString(), by: { type: 'customer', id: a.customer_id, name: a.customer_name ?? null } };
}

const EVENT_ACTOR_SQL = `
  SELECT e.id::text AS id, e.type, e.data, e.actor_type, e.actor_id, e.created_at,
         CASE e.actor_type WHEN 'user' THEN u.name WHEN 'token' THEN k.name WHEN 'automation' THEN e.actor_label END AS actor_name
  FROM events e
  LEFT JOIN users u ON e.actor_type = 'user' AND u.id = e.actor_id
  LEFT JOIN api_tokens k ON e.actor_type = 'token' AND k.id = e.actor_id`;

/** GET /api/tickets/:id: the ticket, customer summary, SLA flags, progress and latest activity. */
export async function loadTicketDetail(sql: Sql, workspaceId: string, ticketId: string, now = new Date()): Promise<TicketDetail> {
  const row = await sql.maybeOne<TicketDetailRow>(
    `SELECT t.*, c.name AS customer_name, c.phone AS customer_phone, c.email AS customer_email, c.tags AS customer_tags,
            c.lifecycle_stage AS customer_lifecycle_stage, c.segment AS customer_segment,
            u.name AS assignee_name, tm.name AS team_name
     FROM tickets t
     JOIN customers c ON c.id = t.customer_id
     LEFT JOIN users u ON u.id = t.assignee_id
     LEFT JOIN teams tm ON tm.id = t.team_id
     WHERE t.workspace_id = $1 AND t.id = $2`,
    [workspaceId, ticketId],
  );
  if (!row) throw notFound('ticket');
  const steps = await sql.query<EventRow>(
    `${EVENT_ACTOR_SQL}
     WHERE e.workspace_id = $1 AND e.subject_type = 'ticket' AND e.subject_id = $2 AND e.type IN ('ticket.created', 'ticket.status_changed')
     ORDER BY e.id`,
    [workspaceId, ticketId],
  );
  const recent = await sql.query<EventRow>(
    `SELECT * FROM (${EVENT_ACTOR_SQL}
       WHERE e.workspace_id = $1 AND e.subject_type = 'ticket' AND e.subject_id = $2
       ORDER BY e.id DESC LIMIT 200) x ORDER BY x.id::bigint`,
    [workspaceId, ticketId],
  );
  const cal = await loadCalendar(sql, workspaceId);
  const rated = await ratedStep(sql, workspaceId, ticketId);
  return presentTicketDetail(
    row,
    ticketSla(row, now, cal),
    [...progressFromEvents(steps, row.status), ...(rated ? [rated] : [])],
    recent.map((e) => ({ id: String(e.id), type: e.type, data: e.data, at: new Date(e.created_at).toISOString(), by: presentActorRef(e) })),
  );
}

/** GET /api/tickets/:id/messages: the whole thread, oldest first, with authors and attachment metadata. */
export async function loadThread(sql: Sql, workspaceId: string, ticketId: string): Promise<Message[]> {
  const t = await sql.maybeOne('SELECT 1 FROM tickets WHERE workspace_id = $1 AND id = $2', [workspaceId, ticketId]);
  if (!t) throw notFound('ticket');
  return loadMessages(sql, workspaceId, 'm.ticket_id = $2', [ticketId]);
}

/** One message as the API shows it (after posting). */
export async function loadMessage(sql: Sql, workspaceId: string, messageId: string): Promise<Message> {
  const [m] = await loadMessages(sql, workspaceId, 'm.id = $2', [messageId]);
  if (!m) throw notFound('message');
  return m;
}

async function loadMessages(sql: Sql, workspaceId: string, condition: string, params: unknown[]): Promise<Message[]> {
  const rows = await sql.query<ThreadMessageRow>(
    `SELECT m.*, u.name AS author_name FROM messages m LEFT JOIN users u ON u.id = m.author_user_id
     WHERE m.workspace_id = $1 AND ${condition} ORDER BY m.created_at, m.id`,
    [workspaceId, ...params],
  );
  const files = await sql.query<AttachmentMetaRow>(
    `SELECT a.id, a.message_id, a.filename, a.content_type, a.size FROM attachments a
     WHERE a.workspace_id = $1 AND a.message_id = ANY($2::uuid[]) ORDER BY a.created_at, a.id`,
    [workspaceId, rows.map((r) => r.id)],
  );
  const byMessage = new Map<string, AttachmentMetaRow[]>();
  for (const f of files) byMessage.set(f.message_id, [...(byMessage.get(f.message_id) ?? []), f]);
  return rows.map((r) => presentMessage(r, byMessage.get(r.id) ?? []));
}
