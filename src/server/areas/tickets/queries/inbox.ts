import type { Sql } from '../../../core/db/types.js';
import { literalLimit } from '../../../core/db/literal-limit.js';
import { badRequest } from '../../../core/errors.js';
import { loadCalendar, ticketSla } from '../commands/sla.js';
import { estimatedSearchRows, isIndexedSearch, ticketMatchSql, ticketSearchSql } from './ticket-search.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { presentTicketListItem, TICKET_LIST_COLUMNS, type TicketListRow } from '../presenters/ticket.js';
import type { InboxPage, InboxQuery, InboxSlaState, InboxSort } from '../../../../shared/tickets.js';
import { OPEN_ORDER_STATUSES } from '../../../../shared/orders.js';

const OPEN_STATUS_SQL = `t.status NOT IN ('resolved', 'closed')`;
const CLOSED_STATUSES = ['resolved', 'closed'];

/** How the inbox orders its rows; every order ends with t.id so the keyset cursor is a total order. */
interface SortSpec {
  dir: 'ASC' | 'DESC';
  keys: { expr: string; cast: 'timestamptz' | 'int' }[];
}

/** Urgent first. Written the same way as in the 072 index so the planner can use it. */
export const PRIORITY_RANK_SQL = `(CASE t.priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END)`;
/** The next SLA due time that still matters (first reply not yet sent, resolution not yet reached); none sorts last. */
export const SLA_DUE_SQL = `COALESCE(LEAST(CASE WHEN t.first_response_at IS NULL THEN t.first_response_due_at END, CASE WHEN t.resolved_at IS NULL AND t.closed_at IS NULL THEN t.resolution_due_at END), 'infinity'::timestamptz)`;

const SORTS: Record<InboxSort, SortSpec> = {
  last_message: { dir: 'DESC', keys: [{ expr: 't.last_message_at', cast: 'timestamptz' }] },
  created: { dir: 'DESC', keys: [{ expr: 't.created_at', cast: 'timestamptz' }] },
  priority: { dir: 'DESC', keys: [{ expr: PRIORITY_RANK_SQL, cast: 'int' }, { expr: 't.last_message_at', cast: 'timestamptz' }] },
  sla_due: { dir: 'ASC', keys: [{ expr: SLA_DUE_SQL, cast: 'timestamptz' }] },
};

/**
 * The AI's sentiment of the ticket's latest customer message (message_sentiments, written by the AI
 * area's reaction; read here as a table, not through the area). Walks message_sentiments_ticket_idx.
 */
const LATEST_SENTIMENT_SQL = `(SELECT ms.sentiment FROM message_sentiments ms WHERE ms.workspace_id = t.workspace_id AND ms.ticket_id = t.id ORDER BY ms.created_at DESC LIMIT 1)`;

/** The list columns of `t` (the presenter's), as the inbox selects them. */
const LIST_COLUMNS_SQL = TICKET_LIST_COLUMNS.map((c) => `t.${c}`).join(', ');

const TIMESTAMP_TEXT = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)?|infinity)$/;
const UUID_TEXT = /^[0-9a-f-]{36}$/i;

/** The opaque cursor: the last row's sort values as exact text (microseconds survive), then its id. */
export function encodeCursor(...values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, sort: SortSpec): string[] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === sort.keys.length + 1 &&
      v.every((x) => typeof x === 'string') &&
      sort.keys.every((k, i) => (k.cast === 'int' ? /^\d{1,3}$/ : TIMESTAMP_TEXT).test(v[i] as string)) &&
      UUID_TEXT.test(v[v.length - 1] as string)
    ) {
      return v as string[];
    }
  } catch {
    // fall through
  }
  throw badRequest('inbox.invalid_cursor', 'The cursor is not valid; start again from the first page');
}

/**
 * The SLA state filter in SQL. "breached" is exact here (a target met late, or unmet and past due, as
 * slaFlags says). "at risk" is measured in business minutes, which SQL cannot count, so SQL keeps the
 * candidates (not breached, a target still running) and loadInbox checks each with ticketSla.
 */
function slaFilterSql(state: InboxSlaState, now: string): string {
  const breached = `(COALESCE(t.first_response_due_at < COALESCE(t.first_response_at, ${now}), false)
        OR COALESCE(t.resolution_due_at < COALESCE(t.resolved_at, t.closed_at, ${now}), false))`;
  if (state === 'breached') return breached;
  if (state === 'ok') return `NOT ${breached}`;
  return `NOT ${breached} AND ((t.first_response_at IS NULL AND t.first_response_due_at > ${now})
        OR (t.resolved_at IS NULL AND t.closed_at IS NULL AND t.resolution_due_at > ${now}))`;
}

const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

/**
 * The inbox SQL for a workspace and filters. Built so PostgreSQL can walk one of the
 * tickets_inbox_* indexes in the sort's order (e.g. last_message_at DESC, id DESC) and stop after
 * `rowLimit` rows: the open-status predicate is written literally (to match the partial indexes) and
 * the cursor is a row comparison. Exported for the EXPLAIN test.
 */
export function buildInboxSql(
  workspaceId: string,
  actor: AuthedActor,
  f: InboxQuery,
  now: Date = new Date(),
  rowLimit = f.limit + 1,
  /** Windowed search (see loadWindowedSearch): test the text on the next `window` tickets in order. */
  searchWindow?: number,
): { text: string; params: unknown[] } {
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

  if (f.q && searchWindow === undefined) {
    const search = ticketSearchSql(f.q, p);
    if (search) where.push(search);
  }

  if (f.aboutOrder === 'any') where.push('t.order_id IS NOT NULL');
  if (f.aboutOrder === 'open') where.push(`t.order_id IS NOT NULL AND EXISTS (SELECT 1 FROM orders o WHERE o.id = t.order_id AND o.status = ANY(${p(OPEN_ORDER_STATUSES)}::text[]))`);
  const sentiments = list(f.sentiment);
  if (sentiments.length) where.push(`${LATEST_SENTIMENT_SQL} = ANY(${p(sentiments)}::text[])`);
  if (f.tag) where.push(`t.tags @> ARRAY[${p(f.tag)}]::text[]`);
  if (f.sla) where.push(slaFilterSql(f.sla, `${p(now.toISOString())}::timestamptz`));

  const sort = SORTS[f.sort ?? 'last_message'];
  const sortExprs = [...sort.keys.map((k) => k.expr), 't.id'];
  if (f.cursor) {
    const values = decodeCursor(f.cursor, sort);
    const casts = [...sort.keys.map((k) => k.cast), 'uuid'];
    const bound = values.map((v, i) => `${p(v)}::${casts[i]}`);
    where.push(`(${sortExprs.join(', ')}) ${sort.dir === 'DESC' ? '<' : '>'} (${bound.join(', ')})`);
  }

  if (searchWindow !== undefined) {
    const match = f.q ? ticketMatchSql(f.q, p) : null;
    if (!match) throw new Error('a windowed search needs an indexed search text');
    const window = literalLimit(searchWindow);
    // The window: the next tickets in the page's order, straight off the inbox index (row numbers
    // stream with it). Each is tested once, on its own row (the fenced LATERAL: the search document
    // holds its customer's name and its messages); the hits come back, and the window's last row
    // always does too (window_rn = window), so the caller knows where the window ended. Only those
    // rows join their customer. (Passing only ids through the window function and reading the hits
    // whole afterwards was slower: 3.5–4.1 against 2.6–3.2 ms for 1,600 tickets at 1M.)
    const order = sortExprs.map((e) => `${e} ${sort.dir}`).join(', ');
    const text = `
    SELECT ${LIST_COLUMNS_SQL}, ${sort.keys.map((k, i) => `${k.expr}::text AS cursor_${i}`).join(', ')},
           c.name AS customer_name, c.phone AS customer_phone, c.email AS customer_email,
           u.name AS assignee_name, tm.name AS team_name, ${LATEST_SENTIMENT_SQL} AS latest_sentiment, h.hit AS search_hit, t.window_rn
    FROM (SELECT ${LIST_COLUMNS_SQL}, t.workspace_id, t.search_text, t.search_document, row_number() OVER (ORDER BY ${order}) AS window_rn
          FROM tickets t
          WHERE ${where.join('\n            AND ')}
          ORDER BY ${order}
          LIMIT ${window}) t
    CROSS JOIN LATERAL (SELECT ${match} AS hit OFFSET 0) h
    JOIN customers c ON c.id = t.customer_id
    LEFT JOIN users u ON u.id = t.assignee_id
    LEFT JOIN teams tm ON tm.id = t.team_id
    WHERE h.hit OR t.window_rn = ${window}
    ORDER BY ${order}
    LIMIT ${literalLimit(rowLimit + 1)}`;
    return { text, params };
  }

  const text = `
    SELECT ${LIST_COLUMNS_SQL}, ${sort.keys.map((k, i) => `${k.expr}::text AS cursor_${i}`).join(', ')},
           c.name AS customer_name, c.phone AS customer_phone, c.email AS customer_email,
           u.name AS assignee_name, tm.name AS team_name, ${LATEST_SENTIMENT_SQL} AS latest_sentiment
    FROM tickets t
    JOIN customers c ON c.id = t.customer_id
    LEFT JOIN users u ON u.id = t.assignee_id
    LEFT JOIN teams tm ON tm.id = t.team_id
    WHERE ${where.join('\n      AND ')}
    ORDER BY ${sortExprs.map((e) => `${e} ${sort.dir}`).join(', ')}
    LIMIT ${literalLimit(rowLimit)}`;
  return { text, params };
}

type InboxRow = TicketListRow & Record<`cursor_${number}`, string> & { search_hit?: boolean; window_rn?: number | string };

const cursorOf = (r: InboxRow, f: InboxQuery) => encodeCursor(...SORTS[f.sort ?? 'last_message'].keys.map((_, i) => r[`cursor_${i}`]), r.id);

/**
 * The windowed search's first window, and how many tickets it means to test before it asks whether the
 * UNION of indexed sources would be cheaper (a window is rounded up to the ladder of windowSize, so a
 * step may test up to √2 times what it meant to). Common words fill a page within the first window;
 * after it, the hit rate so far says how many more tickets a page would take, and when that is past the
 * budget the planner's estimate of what the UNION would read decides (walkPerRow).
 */
const SEARCH_WINDOW = { first: 200, budget: 3000, walkPerRow: 8 };

export interface SearchWindowLimits {
  first: number;
  budget: number;
  /**
   * Tickets the walk may test per row the UNION is estimated to read before it hands over: testing a
   * ticket costs about an eighth of what the UNION spends on a matching row (at 1M customers, "dieu hoa":
   * 240k rows read and sorted in 6 s; the walk tests ~3 µs a ticket). So a text the UNION would read
   * slowly may be walked far (past a run of recent tickets without it, which the first windows cannot
   * see beyond), and the walk never costs more than about the UNION would have: at most twice the better.
   */
  walkPerRow?: number;
}

/**
 * A window's size rounded up to the first window times a power of √2: each size is its own statement
 * text (the limit is written in, see literalLimit), so there are a handful, each planned once. Steps of
 * √2 rather than 2, so rounding up reads at most 41 % more tickets than asked, not 100 %.
 */
function windowSize(wanted: number, first: number): number {
  for (let k = 0; ; k++) {
    const w = Math.round(first * 2 ** (k / 2));
    if (w >= wanted) return w;
  }
}

/**
 * Text search in the page's order: walk the inbox in windows, testing each ticket (ticketMatchSql),
 * until a page and one more row of hits are found or no ticket is left to test — the same rows, in
 * the same order, as the UNION query gives. Null when walking on would cost more than the UNION: past
 * the budget, when the planner says the UNION reads few rows (a rare text), or when the hit rate so far
 * says the page is further away than walkPerRow tickets per row the UNION would read. The caller then
 * runs the UNION query.
 */
export async function loadWindowedSearch(sql: Sql, actor: AuthedActor, f: InboxQuery, now: Date, limits: SearchWindowLimits = SEARCH_WINDOW): Promise<InboxRow[] | null> {
  const hits: InboxRow[] = [];
  let cursor = f.cursor;
  let scanned = 0;
  let window = Math.min(limits.first, limits.budget);
  // Tickets the walk may test in all: the budget, until the planner's estimate raises it.
  let reach = limits.budget;
  let estimated = false;
  const walkPerRow = limits.walkPerRow ?? SEARCH_WINDOW.walkPerRow;
  for (;;) {
    const { text, params } = buildInboxSql(actor.workspaceId, actor, { ...f, cursor }, now, f.limit + 1 - hits.length, window);
    const rows = await sql.query<InboxRow>(text, params);
    const end = rows.find((r) => Number(r.window_rn) === window);
    for (const r of rows) if (r.search_hit) hits.push(r);
    // Enough hits, or the window was not full (no ticket left to test): the answer is complete.
    if (hits.length > f.limit || !end) return hits.slice(0, f.limit + 1);
    scanned += window;
    const expected = hits.length ? ((f.limit + 1 - hits.length) * scanned) / hits.length : Infinity;
    if (!estimated && scanned + expected > reach) {
      if (!f.q) return null;
      estimated = true;
      const unionRows = await estimatedSearchRows(sql, f.q);
      // A rare text: the UNION reads few rows, and is taken at once.
      if (unionRows * walkPerRow <= limits.budget) return null;
      reach = unionRows * walkPerRow;
    }
    // Past the reach: by the hit rate so far, or, with no hit yet, by what was tested.
    if (scanned >= reach || (hits.length > 0 && scanned + expected > reach)) return null;
    // A fifth more than the hit rate so far says (enough most of the time; a short window only costs one
    // more, small, window), and at most four times what was tested so far: a rate read from the first
    // window's few hits is rough ("lap dat dieu hoa" at 1M: its 26 hits took 200 + 3,200 tickets, now
    // 200 + 800).
    window = windowSize(Math.min(reach - scanned, 4 * scanned, Math.max(limits.first, Math.ceil(expected * 1.2))), limits.first);
    cursor = cursorOf(end, f);
  }
}

/** Rows scanned per round when the SLA state needs checking in business minutes, and at most per request. */
const SLA_BATCH = 200;
const SLA_SCAN_CAP = 5000;

/**
 * One page of the inbox with SLA flags, in the asked order. With sla=at_risk or sla=ok the SQL
 * candidates are checked with ticketSla batch by batch; a page that hits the scan cap comes back
 * shorter with a cursor to continue from (never a wrong row).
 */
export async function loadInbox(sql: Sql, actor: AuthedActor, f: InboxQuery, now = new Date()): Promise<InboxPage> {
  const cal = await loadCalendar(sql, actor.workspaceId);
  const present = (r: InboxRow) => presentTicketListItem(r, ticketSla(r, now, cal));
  if (f.sla !== 'at_risk' && f.sla !== 'ok' && f.q && isIndexedSearch(f.q)) {
    const rows = await loadWindowedSearch(sql, actor, f, now);
    if (rows) {
      const page = rows.slice(0, f.limit);
      const last = page[page.length - 1];
      return { items: page.map(present), nextCursor: rows.length > f.limit && last ? cursorOf(last, f) : null };
    }
  }
  if (f.sla !== 'at_risk' && f.sla !== 'ok') {
    const { text, params } = buildInboxSql(actor.workspaceId, actor, f, now);
    const rows = await sql.query<InboxRow>(text, params);
    const page = rows.slice(0, f.limit);
    const last = page[page.length - 1];
    return { items: page.map(present), nextCursor: rows.length > f.limit && last ? cursorOf(last, f) : null };
  }
  const wanted = f.sla === 'at_risk';
  const matches: { row: InboxRow; item: ReturnType<typeof present> }[] = [];
  let cursor = f.cursor;
  let scanned = 0;
  for (;;) {
    const { text, params } = buildInboxSql(actor.workspaceId, actor, { ...f, cursor }, now, SLA_BATCH);
    const rows = await sql.query<InboxRow>(text, params);
    scanned += rows.length;
    for (const row of rows) {
      const item = present(row);
      const atRisk = item.sla.firstResponse.atRisk || item.sla.resolution.atRisk;
      if (atRisk === wanted) matches.push({ row, item });
      if (matches.length > f.limit) {
        const last = matches[f.limit - 1]!.row;
        return { items: matches.slice(0, f.limit).map((m) => m.item), nextCursor: cursorOf(last, f) };
      }
    }
    const lastRow = rows[rows.length - 1];
    if (rows.length < SLA_BATCH || !lastRow) return { items: matches.map((m) => m.item), nextCursor: null };
    cursor = cursorOf(lastRow, f);
    if (scanned >= SLA_SCAN_CAP) return { items: matches.map((m) => m.item), nextCursor: cursor };
  }
}
