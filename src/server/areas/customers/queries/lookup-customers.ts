import type { Sql } from '../../../core/db/types.js';
import { literalLimit } from '../../../core/db/literal-limit.js';
import { likeEscape } from '../../../core/lib/search-text.js';
import { detectQuery, matchClause, type CustomerQuery } from './customer-match.js';
import type { CustomerRow } from '../commands/customer-columns.js';

/** A lookup hit as hitsSql selects it. */
type HitRow = Pick<CustomerRow, 'id' | 'name' | 'phone' | 'email' | 'tags' | 'lifecycle_stage'> & { open_tickets: number };

/**
 * The agent's quick lookup: top 10 live profiles for whatever was typed (phone in any format, part of
 * a number, email, or part of a name with or without diacritics), best match first, with open tickets.
 */
export async function lookupCustomers(sql: Sql, workspaceId: string, raw: string, limit = 10) {
  const q: CustomerQuery = detectQuery(raw);
  if (q.by === 'none') return { matchedBy: 'none' as const, items: [] };
  if (q.by === 'name') {
    // Prefix pass first: names that start with the typed text, read in order straight off the b-tree
    // customers_search_name_prefix_idx (migration 021) and stopping after `limit` rows. A common
    // prefix ("nguyen van", ~7 % of customers) is where the trigram path below is slowest, and there
    // prefix matches are the best answers anyway (exact match first: it sorts before its extensions).
    const prefix = await sql.query<HitRow>(hitsSql(`c.search_name COLLATE "C" LIKE $2`, 'c.search_name COLLATE "C", c.id', limit), [workspaceId, `${likeEscape(q.text)}%`]);
    if (prefix.length >= limit) return present(q.by, prefix);
    // Too few: the trigram search for the rest (words inside the name, "van an" → "nguyen van an").
    // It ranks prefix matches first too, so the prefix rows lead and the rest follow without repeats.
    const seen = new Set(prefix.map((r) => r.id));
    const rest = (await searchByName(sql, workspaceId, q, limit)).filter((r) => !seen.has(r.id));
    return present(q.by, [...prefix, ...rest].slice(0, limit));
  }
  return present(q.by, await searchByMatch(sql, workspaceId, q, limit));
}

/** Trigram (substring) name search, falling back to close spellings when nothing contains the words. */
async function searchByName(sql: Sql, workspaceId: string, q: CustomerQuery & { by: 'name' }, limit: number) {
  const rows = await searchByMatch(sql, workspaceId, q, limit);
  if (rows.length > 0) return rows;
  // Nothing contains the typed words: try close spellings ("nguyen van duk"), still through the
  // trigram index (word similarity ≥ pg_trgm.word_similarity_threshold, 0.6 by default).
  return sql.query<HitRow>(hitsSql('$2 <% c.search_name', 'word_similarity($2, c.search_name) DESC, c.search_name, c.id', limit), [workspaceId, q.text]);
}

/** Identity matches (most recently active first) or name substring matches (best match first). */
async function searchByMatch(sql: Sql, workspaceId: string, q: CustomerQuery, limit: number) {
  const m = matchClause(q, 2);
  const params: unknown[] = [workspaceId, ...m.params];
  // Names: exact, then prefix, then closest words; identities: most recently active first.
  let order = 'c.updated_at DESC, c.id';
  if (q.by === 'name') {
    params.push(q.text);
    const t = `$${params.length}`;
    order = `(c.search_name = ${t}) DESC, (c.search_name LIKE ${t} || '%') DESC, word_similarity(${t}, c.search_name) DESC, c.search_name, c.id`;
  }
  return sql.query<HitRow>(hitsSql(m.sql, order, limit), params);
}

const present = (matchedBy: CustomerQuery['by'], rows: HitRow[]) => ({
  matchedBy,
  items: rows.map((r) => ({
    id: r.id,
    name: r.name,
    phone: r.phone ?? null,
    email: r.email ?? null,
    tags: r.tags ?? [],
    lifecycleStage: r.lifecycle_stage,
    openTickets: Number(r.open_tickets),
  })),
});

const hitsSql = (where: string, order: string, limit: number) =>
  `SELECT c.id, c.name, c.phone, c.email, c.tags, c.lifecycle_stage,
     (SELECT count(*) FROM tickets t WHERE t.workspace_id = c.workspace_id AND t.customer_id = c.id
        AND t.merged_into_id IS NULL AND t.status NOT IN ('resolved', 'closed'))::int AS open_tickets
   FROM customers c
   WHERE c.workspace_id = $1 AND c.merged_into_id IS NULL AND ${where}
   ORDER BY ${order} LIMIT ${literalLimit(limit)}`;
