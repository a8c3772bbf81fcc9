import { normalizeEmail } from '../commands/identities.js';
import { looksLikePhone, normalizePhone, phoneDigitsForSearch } from '../../../core/lib/phone.js';
import { likeEscape, toSearchText } from '../../../core/lib/search-text.js';

/** How a typed search text is read: a full phone, part of a phone, an email (or part), or a name. */
export type CustomerQuery =
  | { by: 'phone'; value: string }
  | { by: 'phone_digits'; digits: string }
  | { by: 'email'; value: string; exact: boolean }
  | { by: 'name'; text: string }
  | { by: 'none' };

/** Reads what someone typed into the search box. */
export function detectQuery(raw: string | undefined | null): CustomerQuery {
  const q = (raw ?? '').trim();
  if (!q) return { by: 'none' };
  if (q.includes('@')) {
    const exact = normalizeEmail(q);
    return { by: 'email', value: exact ?? q.toLowerCase(), exact: !!exact };
  }
  if (looksLikePhone(q)) {
    const full = normalizePhone(q);
    if (full) return { by: 'phone', value: full };
    const digits = phoneDigitsForSearch(q);
    return digits ? { by: 'phone_digits', digits } : { by: 'none' };
  }
  const text = toSearchText(q);
  return text.length >= 2 ? { by: 'name', text } : { by: 'none' };
}

/**
 * A WHERE fragment on customers alias `c` for a detected query, with its parameters numbered from
 * `first`; the caller's $1 must be the workspace id. Identity matches go through customer_identities
 * (unique key, or trigram index on value for partial numbers); names through the trigram GIN index on
 * search_name (substring LIKE).
 */
export function matchClause(q: CustomerQuery, first: number): { sql: string; params: unknown[] } {
  const p = (i: number) => `$${first + i}`;
  // Uncorrelated on purpose (workspace id is $1, not c.workspace_id): a correlated IN would re-run
  // the trigram scan for every customer row.
  const identity = (kind: string, cond: string) =>
    `c.id IN (SELECT ci.customer_id FROM customer_identities ci WHERE ci.workspace_id = $1 AND ci.kind = '${kind}' AND ${cond})`;
  switch (q.by) {
    case 'phone':
      return { sql: identity('phone', `ci.value = ${p(0)}`), params: [q.value] };
    case 'phone_digits':
      return { sql: identity('phone', `ci.value LIKE ${p(0)}`), params: [`%${likeEscape(q.digits)}%`] };
    case 'email':
      return q.exact
        ? { sql: identity('email', `ci.value = ${p(0)}`), params: [q.value] }
        : { sql: identity('email', `ci.value LIKE ${p(0)}`), params: [`%${likeEscape(q.value)}%`] };
    case 'name': {
      // Plain substring: the planner serves it from the trigram GIN index. (OR-ing a word-similarity
      // test in here made PostgreSQL fall back to a sequential scan; lookup uses it only as a fallback.)
      const like = `%${likeEscape(q.text)}%`;
      if (q.text.includes(' ') || q.text.length < 3) return { sql: `c.search_name LIKE ${p(0)}`, params: [like] };
      // One word may also be part of an email ("hotmail", "fpt.vn", "ngoc.tran"): each side through its
      // own trigram index, joined by UNION (an OR across the two tables would scan every customer).
      return {
        sql: `c.id IN (SELECT n.id FROM customers n WHERE n.workspace_id = $1 AND n.search_name LIKE ${p(0)}
                 UNION SELECT ci.customer_id FROM customer_identities ci WHERE ci.workspace_id = $1 AND ci.kind = 'email' AND ci.value LIKE ${p(0)})`,
        params: [like],
      };
    }
    default:
      return { sql: 'false', params: [] };
  }
}
