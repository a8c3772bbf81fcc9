import type { Sql } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import { loadCalendar, ticketSla } from '../commands/sla.js';
import { looksLikePhone, phoneDigitsForSearch } from '../../../core/lib/phone.js';
import { toSearchText } from '../../../core/lib/search-text.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { presentTicketListItem, type TicketListRow } from '../presenters/ticket.js';
import type { InboxPage, InboxQuery } from '../../../../shared/tickets.js';

const OPEN_STATUS_SQL = `t.status NOT IN ('resolved', 'closed')`;
const CLOSED_STATUSES = ['resolved', 'closed'];

/** The opaque cursor: the last row's exact timestamp text (microseconds survive) and id. */
export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)?$/.test(v[0]) && /^[0-9a-f-]{36}$/i.test(v[1])) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through
  }
  throw badRequest('inbox.invalid_cursor', 'The cursor is not valid; start again from the first page');
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

/**
 * The inbox SQL for a workspace and filters. Built so PostgreSQL can walk one of the
 * tickets_inbox_* indexes in (last_message_at DESC, id DESC) order and stop after `limit + 1` rows:
 * the open-status predicate is written literally (to match the partial indexes) and the cursor is a
 * row comparison. Exported for the EXPLAIN test.
 */
export function buildInboxSql(workspaceId: string, actor: AuthedActor, f: InboxQuery): { text: string; params: unknown[] } {
  const params: unknown[] = [workspaceId];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['t.workspace_id = $1', 't.merged_into_id IS NULL'];

  if (f.status === 'open') where.push(OPEN_STATUS_SQL);
  else if (f.status !== 'all') {
    const statuses = [...new Set(list(f.status))];
    where.push(`t.status = ANY(${p(statuses)}::text[])`);
    // Let the planner use the partial "open" indexes when only open statuses are asked for.
    if (!statuses.some((s) => CLOSED_STATUSES.includes(s))) where.push(OPEN_STATUS_SQL);
  }

  if (f.assigneeId) where.push(`t.assignee_id = ${p(f.assigneeId)}`);
  else if (f.view === 'mine') {
    if (actor.kind !== 'user') throw badRequest('inbox.mine_needs_user', 'view=mine needs a logged-in user; pass assigneeId instead');
    where.push(`t.assignee_id = ${p(actor.id)}`);
  } else if (f.view === 'unassigned') where.push('t.assignee_id IS NULL');

  if (f.teamId) where.push(`t.team_id = ${p(f.teamId)}`);
  if (f.customerId) where.push(`t.customer_id = ${p(f.customerId)}`);
  const priorities = list(f.priority);
  if (priorities.length) where.push(`t.priority = ANY(${p(priorities)}::text[])`);
  const channels = list(f.channel);
  if (channels.length) where.push(`t.channel = ANY(${p(channels)}::text[])`);

  if (f.q) {
    const q = f.q.trim();
    const ors: string[] = [];
    const number = /^#?(\d{1,9})$/.exec(q);
    if (number) ors.push(`t.number = ${p(Number(number[1]))}`);
    const digits = looksLikePhone(q) ? phoneDigitsForSearch(q) : null;
    if (digits) {
      ors.push(
        `t.customer_id IN (SELECT ci.customer_id FROM customer_identities ci
           WHERE ci.workspace_id = $1 AND ci.kind = 'phone' AND ci.value LIKE ${p(`%${likeEscape(digits)}%`)})`,
      );
    }
    const text = toSearchText(q);
    if (!number && !digits && text) {
      ors.push(`t.customer_id IN (SELECT c2.id FROM customers c2 WHERE c2.workspace_id = $1 AND c2.search_name LIKE ${p(`%${likeEscape(text)}%`)})`);
      ors.push(`lower(t.subject) LIKE ${p(`%${likeEscape(q.toLowerCase())}%`)}`);
    }
    if (ors.length) where.push(`(${ors.join(' OR ')})`);
  }

  if (f.cursor) {
    const [at, id] = decodeCursor(f.cursor);
    where.push(`(t.last_message_at, t.id) < (${p(at)}::timestamptz, ${p(id)}::uuid)`);
  }

  const text = `
    SELECT t.*, t.last_message_at::text AS cursor_at,
           c.name AS customer_name, c.phone AS customer_phone, c.email AS customer_email,
           u.name AS assignee_name, tm.name AS team_name
    FROM tickets t
    JOIN customers c ON c.id = t.customer_id
    LEFT JOIN users u ON u.id = t.assignee_id
    LEFT JOIN teams tm ON tm.id = t.team_id
    WHERE ${where.join('\n      AND ')}
    ORDER BY t.last_message_at DESC, t.id DESC
    LIMIT ${p(f.limit + 1)}`;
  return { text, params };
}

/** One page of the inbox with SLA flags, newest activity first. */
export async function loadInbox(sql: Sql, actor: AuthedActor, f: InboxQuery, now = new Date()): Promise<InboxPage> {
  const { text, params } = buildInboxSql(actor.workspaceId, actor, f);
  const rows = await sql.query<TicketListRow & { cursor_at: string }>(text, params);
  const page = rows.slice(0, f.limit);
  const cal = await loadCalendar(sql, actor.workspaceId);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentTicketListItem(r, ticketSla(r, now, cal))),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.cursor_at, last.id) : null,
  };
}
