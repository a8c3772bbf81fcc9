import type { Sql } from '../../db/types.js';
import { detectQuery, matchClause, type CustomerQuery } from './customer-match.js';

/**
 * The agent's quick lookup: top 10 live profiles for whatever was typed (phone in any format, part of
 * a number, email, or part of a name with or without diacritics), best match first, with open tickets.
 */
export async function lookupCustomers(sql: Sql, workspaceId: string, raw: string, limit = 10) {
  const q: CustomerQuery = detectQuery(raw);
  if (q.by === 'none') return { matchedBy: 'none' as const, items: [] };
  const m = matchClause(q, 2);
  const params: unknown[] = [workspaceId, ...m.params];
  // Names: exact, then prefix, then closest words; identities: most recently active first.
  let order = 'c.updated_at DESC, c.id';
  if (q.by === 'name') {
    params.push(q.text);
    const t = `$${params.length}`;
    order = `(c.search_name = ${t}) DESC, (c.search_name LIKE ${t} || '%') DESC, word_similarity(${t}, c.search_name) DESC, c.search_name, c.id`;
  }
  let rows = await sql.query(hitsSql(m.sql, order, params.length + 1), [...params, limit]);
  // Nothing contains the typed words: try close spellings ("nguyen van duk"), still through the
  // trigram index (word similarity ≥ pg_trgm.word_similarity_threshold, 0.6 by default).
  if (rows.length === 0 && q.by === 'name') {
    rows = await sql.query(hitsSql('$2 <% c.search_name', 'word_similarity($2, c.search_name) DESC, c.search_name, c.id', 3), [workspaceId, q.text, limit]);
  }
  return {
    matchedBy: q.by,
    items: rows.map((r) => ({
      id: r.id as string,
      name: r.name as string,
      phone: (r.phone as string) ?? null,
      email: (r.email as string) ?? null,
      tags: (r.tags as string[]) ?? [],
      lifecycleStage: r.lifecycle_stage,
      openTickets: Number(r.open_tickets),
    })),
  };
}

const hitsSql = (where: string, order: string, limitParam: number) =>
  `SELECT c.id, c.name, c.phone, c.email, c.tags, c.lifecycle_stage,
     (SELECT count(*) FROM tickets t WHERE t.workspace_id = c.workspace_id AND t.customer_id = c.id
        AND t.merged_into_id IS NULL AND t.status NOT IN ('resolved', 'closed'))::int AS open_tickets
   FROM customers c
   WHERE c.workspace_id = $1 AND c.merged_into_id IS NULL AND ${where}
   ORDER BY ${order} LIMIT $${limitParam}`;
