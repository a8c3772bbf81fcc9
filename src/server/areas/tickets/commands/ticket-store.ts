import type { Db, Sql, Tx } from '../../../core/db/types.js';
import { AppError, badRequest, conflict, notFound } from '../../../core/errors.js';
import { appendEvent, type NewEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import type { Priority, TicketStatus } from '../../../../shared/common.js';
import type { TicketEventData, TicketEventType, TicketRef } from '../events.js';

/** A tickets row as read from the database. */
export interface TicketRow {
  id: string;
  workspace_id: string;
  number: number;
  subject: string;
  customer_id: string;
  channel: string;
  status: TicketStatus;
  priority: Priority;
  category: string | null;
  team_id: string | null;
  assignee_id: string | null;
  tags: string[];
  first_message_at: Date;
  last_message_at: Date;
  last_customer_message_at: Date | null;
  last_message_preview: string;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  reopen_count: number;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  merged_into_id: string | null;
  channel_account_id: string | null;
  message_count: number;
  /** The order the ticket is about (migration 077). */
  order_id?: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * The columns a TicketRow holds, for `SELECT ${TICKET_COLUMNS}` and `RETURNING ${TICKET_COLUMNS}`: every
 * column but the search ones (search_text; search_document, the ticket's customer name and all its
 * messages, which grows with the thread), so reading a ticket costs the same on its first message and on
 * its hundredth. The check below fails to compile when TicketRow gains a field this list lacks.
 */
const TICKET_COLUMN_NAMES = [
  'id', 'workspace_id', 'number', 'subject', 'customer_id', 'channel', 'status', 'priority', 'category', 'team_id',
  'assignee_id', 'tags', 'first_message_at', 'last_message_at', 'last_customer_message_at', 'last_message_preview',
  'first_response_at', 'resolved_at', 'closed_at', 'reopen_count', 'first_response_due_at', 'resolution_due_at',
  'merged_into_id', 'channel_account_id', 'message_count', 'order_id', 'created_at', 'updated_at',
] as const satisfies readonly (keyof TicketRow)[];
const everyField: Exclude<keyof TicketRow, (typeof TICKET_COLUMN_NAMES)[number]> extends never ? true : never = true;
void everyField;
export const TICKET_COLUMNS = TICKET_COLUMN_NAMES.join(', ');
/** TICKET_COLUMNS of a table alias, for statements that join or update from a list (`t.id, t.workspace_id, …`). */
export const ticketColumnsOf = (alias: string) => TICKET_COLUMN_NAMES.map((c) => `${alias}.${c}`).join(', ');

/** The ticket, locked for the rest of the transaction; 404 ticket.not_found outside the workspace. */
export async function lockTicket(tx: Tx, workspaceId: string, ticketId: string): Promise<TicketRow> {
  const row = await tx.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [workspaceId, ticketId]);
  if (!row) throw notFound('ticket');
  return row;
}

/** The ticket without locking; 404 ticket.not_found outside the workspace. */
export async function getTicket(sql: Sql, workspaceId: string, ticketId: string): Promise<TicketRow> {
  const row = await sql.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2`, [workspaceId, ticketId]);
  if (!row) throw notFound('ticket');
  return row;
}

/** A merged ticket is a tombstone pointing at its target: it takes no more changes. */
export function assertNotMerged(t: TicketRow) {
  if (t.merged_into_id) {
    throw new AppError(409, 'ticket.merged', `Ticket #${t.number} was merged into another ticket; work on that one`, { mergedIntoId: t.merged_into_id });
  }
}

/**
 * Appends a ticket event. Data always carries ticketId and customerId so the realtime fan-out
 * reaches both the ticket's and the customer's subscribers.
 */
export function ticketEvent<K extends TicketEventType>(
  tx: Tx,
  t: Pick<TicketRow, 'id' | 'workspace_id' | 'customer_id' | 'number'>,
  type: K,
  actor: Actor | null,
  data: TicketEventData<K>,
) {
  const ref: TicketRef = { ticketId: t.id, customerId: t.customer_id, number: t.number };
  // TicketEventData<K> plus the TicketRef is the catalogued data of K; TypeScript cannot follow that through the generic K.
  const e = { workspaceId: t.workspace_id, type, subjectType: 'ticket', subjectId: t.id, actor, data: { ...data, ...ref } } as NewEvent;
  return appendEvent(tx, e);
}

/**
 * The next per-workspace ticket number. On PostgreSQL it is taken in its own autocommit statement
 * (db.autonomous), so the workspace row is locked for that one statement only, not until the
 * caller's transaction commits: otherwise every ticket-creating transaction of a workspace (inbound
 * ingest above all) would queue behind the previous one. The price: a number taken by a transaction
 * that then rolls back is never used, so numbering can have gaps. PGlite has one connection and
 * runs transactions one after another anyway, so there the number is taken inside the transaction.
 */
export async function nextTicketNumber(db: Db, tx: Tx, workspaceId: string): Promise<number> {
  const reserved = reservations.get(tx)?.get(workspaceId);
  if (reserved?.length) return reserved.shift()!;
  const sql = db.autonomous ?? tx;
  const row = await sql.one<{ ticket_seq: number }>('UPDATE workspaces SET ticket_seq = ticket_seq + 1 WHERE id = $1 RETURNING ticket_seq', [workspaceId]);
  return Number(row.ticket_seq);
}

/** Ticket numbers a transaction took ahead (reserveTicketNumbers), per workspace, in order. */
const reservations = new WeakMap<Tx, Map<string, number[]>>();

/**
 * Takes `count` ticket numbers of a workspace in one statement (the way nextTicketNumber takes one) for
 * the tickets this transaction is about to open — a group of inbound messages — so the workspace row is
 * updated and committed once per group, not once per ticket; nextTicketNumber hands them out in order.
 * Numbers this transaction does not use are gaps, as with a rollback.
 */
export async function reserveTicketNumbers(db: Db, tx: Tx, workspaceId: string, count: number): Promise<void> {
  if (count <= 0) return;
  const sql = db.autonomous ?? tx;
  const row = await sql.one<{ ticket_seq: number }>('UPDATE workspaces SET ticket_seq = ticket_seq + $2 WHERE id = $1 RETURNING ticket_seq', [workspaceId, count]);
  const last = Number(row.ticket_seq);
  const byWorkspace = reservations.get(tx) ?? new Map<string, number[]>();
  reservations.set(tx, byWorkspace);
  byWorkspace.set(workspaceId, [...(byWorkspace.get(workspaceId) ?? []), ...Array.from({ length: count }, (_, i) => last - count + 1 + i)]);
}

/** 400 unless the user is an active user of the workspace. */
export async function assertAssignable(sql: Sql, workspaceId: string, userId: string) {
  const u = await sql.maybeOne('SELECT 1 FROM users WHERE workspace_id = $1 AND id = $2 AND active', [workspaceId, userId]);
  if (!u) throw badRequest('ticket.invalid_assignee', 'The assignee must be an active user of this workspace');
}

/** 400 unless the team belongs to the workspace. */
export async function assertTeam(sql: Sql, workspaceId: string, teamId: string) {
  const t = await sql.maybeOne('SELECT 1 FROM teams WHERE workspace_id = $1 AND id = $2', [workspaceId, teamId]);
  if (!t) throw badRequest('ticket.invalid_team', 'The team does not exist in this workspace');
}

/** The customer a new ticket is for: live (not merged away) and of the workspace. */
export async function assertTicketCustomer(sql: Sql, workspaceId: string, customerId: string) {
  const c = await sql.maybeOne<{ merged_into_id: string | null }>('SELECT merged_into_id FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
  if (!c) throw badRequest('ticket.invalid_customer', 'The customer does not exist in this workspace');
  if (c.merged_into_id) throw conflict('ticket.customer_merged', 'This customer was merged into another profile; open the ticket there', { mergedIntoId: c.merged_into_id });
}

/** Plain-text preview of a message for the inbox list: tags stripped, whitespace collapsed, ≤ 160 chars. */
export function messagePreview(body: string, contentType: 'text' | 'html'): string {
  let text = body;
  if (contentType === 'html') {
    text = text
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
