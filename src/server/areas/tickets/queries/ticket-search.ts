import type { Sql } from '../../../core/db/types.js';
import { looksLikePhone, phoneDigitsForSearch } from '../../../core/lib/phone.js';
import { likeEscape, toSearchText } from '../../../core/lib/search-text.js';
import { snippetAround } from '../../../../shared/search-text.js';
import type { InboxPage } from '../../../../shared/tickets.js';

/** Below this many folded characters a trigram index cannot narrow anything down (no whole trigram). */
const MIN_INDEXED = 3;

/**
 * The inbox's free-text condition on tickets alias `t` (the caller's $1 is the workspace id; `p`
 * adds a parameter and returns its placeholder), or null when the text says nothing.
 *
 * Matching is accent-insensitive (shared/search-text.ts): the query is folded in JS, the stored text
 * by tt_search_text() into the search_text columns and their trigram indexes (migration 070). A ticket matches by
 * its number ("#1024", "1024"), its subject, any message body, its customer's name, part of the
 * customer's email ("hotmail", "fpt.vn") or part of a phone number. Each source is its own indexed
 * SELECT and the ticket must be IN their UNION: an OR across tables would make PostgreSQL walk every
 * ticket and test each. One or two letters have no trigram to look up, so they only filter subject
 * and customer name in line while the inbox index is walked (a common fragment fills a page early).
 */
export function ticketSearchSql(raw: string, p: (v: unknown) => string): string | null {
  const q = raw.trim();
  const text = toSearchText(q);
  if (!text) return null;
  const like = p(`%${likeEscape(text)}%`);
  const number = /^#?(\d{1,9})$/.exec(q);
  const customersNamed = `SELECT c.id FROM customers c WHERE c.workspace_id = $1 AND c.search_name LIKE ${like}`;
  if (text.length < MIN_INDEXED) {
    const ors = [`t.search_text LIKE ${like}`, `t.customer_id IN (${customersNamed})`];
    if (number) ors.push(`t.number = ${p(Number(number[1]))}`);
    return `(${ors.join(' OR ')})`;
  }
  const sources = [
    `SELECT s.id FROM tickets s WHERE s.workspace_id = $1 AND s.merged_into_id IS NULL AND s.search_text LIKE ${like}`,
    `SELECT m.ticket_id FROM messages m WHERE m.workspace_id = $1 AND m.search_text LIKE ${like}`,
    `SELECT s.id FROM tickets s WHERE s.workspace_id = $1 AND s.merged_into_id IS NULL AND s.customer_id IN (${customersNamed})`,
  ];
  if (number) sources.push(`SELECT s.id FROM tickets s WHERE s.workspace_id = $1 AND s.number = ${p(Number(number[1]))}`);
  // Emails are stored lower-case; a fragment without spaces may be part of one ("hotmail", "fpt.vn").
  if (!/\s/.test(q)) {
    sources.push(
      `SELECT s.id FROM tickets s WHERE s.workspace_id = $1 AND s.merged_into_id IS NULL AND s.customer_id IN (
         SELECT ci.customer_id FROM customer_identities ci
         WHERE ci.workspace_id = $1 AND ci.kind = 'email' AND ci.value LIKE ${p(`%${likeEscape(q.toLowerCase())}%`)})`,
    );
  }
  const digits = looksLikePhone(q) ? phoneDigitsForSearch(q) : null;
  if (digits) {
    sources.push(
      `SELECT s.id FROM tickets s WHERE s.workspace_id = $1 AND s.merged_into_id IS NULL AND s.customer_id IN (
         SELECT ci.customer_id FROM customer_identities ci
         WHERE ci.workspace_id = $1 AND ci.kind = 'phone' AND ci.value LIKE ${p(`%${likeEscape(digits)}%`)})`,
    );
  }
  return `t.id IN (${sources.join('\n      UNION ')})`;
}

/** Whether `raw` searches through ticketSearchSql's indexed sources (the UNION), so ticketMatchSql applies. */
export function isIndexedSearch(raw: string): boolean {
  return toSearchText(raw.trim()).length >= MIN_INDEXED;
}

/**
 * PostgreSQL's estimate of the rows the UNION's two big sources would read for `raw` (messages and
 * subjects matching it, in every workspace: their trigram bitmaps are not per workspace), from the
 * planner's statistics without running anything (EXPLAIN, about 0.3 ms). The windowed search uses it to
 * tell a common text, whose UNION would read and sort thousands of tickets, from a rare one.
 */
export async function estimatedSearchRows(sql: Sql, raw: string): Promise<number> {
  // The pattern written in, not bound: a parameter would leave the planner a generic guess.
  const like = `'%${likeEscape(toSearchText(raw.trim())).replace(/'/g, "''")}%'`;
  const row = await sql.maybeOne<{ 'QUERY PLAN': unknown }>(
    `EXPLAIN (FORMAT JSON) SELECT m.ticket_id FROM messages m WHERE m.search_text LIKE ${like}
     UNION ALL SELECT s.id FROM tickets s WHERE s.search_text LIKE ${like}`,
  );
  const plan = typeof row?.['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row?.['QUERY PLAN'];
  const rows = Number((plan as { Plan?: { 'Plan Rows'?: number } }[] | undefined)?.[0]?.Plan?.['Plan Rows']);
  return Number.isFinite(rows) ? rows : 0;
}

/**
 * The same match as ticketSearchSql's UNION, tested on one ticket row `t`: the customer's name and the
 * messages through the row's search document (migration 109: the name, then each message's folded
 * text, one per line), the customer's email and phone through customer_identities_customer_idx. For
 * the inbox's windowed search (inbox.ts): walking the tickets in the page's order and testing each
 * stops after a page of hits when the words are common, where the UNION would first collect every
 * matching ticket. Null for texts ticketSearchSql does not search through its indexes (isIndexedSearch).
 */
export function ticketMatchSql(raw: string, p: (v: unknown) => string): string | null {
  const q = raw.trim();
  const text = toSearchText(q);
  if (text.length < MIN_INDEXED) return null;
  const like = p(`%${likeEscape(text)}%`);
  const number = /^#?(\d{1,9})$/.exec(q);
  const ors = [
    `t.search_text LIKE ${like}`,
    `t.search_document LIKE ${like}`,
  ];
  if (number) ors.push(`t.number = ${p(Number(number[1]))}`);
  const identity = (kind: 'email' | 'phone', pattern: string) =>
    `EXISTS (SELECT 1 FROM customer_identities ci WHERE ci.customer_id = t.customer_id AND ci.workspace_id = $1 AND ci.kind = '${kind}' AND ci.value LIKE ${p(pattern)})`;
  if (!/\s/.test(q)) ors.push(identity('email', `%${likeEscape(q.toLowerCase())}%`));
  const digits = looksLikePhone(q) ? phoneDigitsForSearch(q) : null;
  if (digits) ors.push(identity('phone', `%${likeEscape(digits)}%`));
  return `(${ors.join('\n        OR ')})`;
}

/**
 * Search results show where the text was found: each ticket whose messages contain the query gets,
 * as its preview, a short excerpt of the newest such message around the match (the web app marks
 * the matched words with the same folding). Tickets found by subject, customer or number keep their
 * last-message preview. One query for the page, by ticket id.
 */
export async function withMatchSnippets(sql: Sql, workspaceId: string, raw: string, page: InboxPage): Promise<InboxPage> {
  const text = toSearchText(raw);
  if (text.length < MIN_INDEXED || page.items.length === 0) return page;
  const rows = await sql.query<{ ticket_id: string; body: string }>(
    // HTML bodies as their text, the way search_text was folded from them (migration 070).
    // The page's messages through messages_ticket_idx, then the text test on those few rows. Fenced
    // (OFFSET 0) so the LIKE cannot be pushed into the scan: PostgreSQL otherwise ANDs in a trigram
    // bitmap over every message in the workspace (176 ms at 4.5M messages for a 4-word phrase).
    `SELECT DISTINCT ON (m.ticket_id) m.ticket_id,
       CASE WHEN m.content_type = 'html' THEN regexp_replace(m.body, '<[^>]*>', ' ', 'g') ELSE m.body END AS body
     FROM (SELECT m.ticket_id, m.created_at, m.content_type, m.body, m.search_text FROM messages m
           WHERE m.workspace_id = $1 AND m.ticket_id = ANY($2::uuid[]) OFFSET 0) m
     WHERE m.search_text LIKE $3
     ORDER BY m.ticket_id, m.created_at DESC`,
    [workspaceId, page.items.map((i) => i.id), `%${likeEscape(text)}%`],
  );
  const bodies = new Map(rows.map((r) => [r.ticket_id, r.body]));
  return {
    ...page,
    items: page.items.map((item) => {
      const body = bodies.get(item.id);
      const snippet = body ? snippetAround(body, raw) : null;
      return snippet ? { ...item, lastMessagePreview: snippet } : item;
    }),
  };
}
