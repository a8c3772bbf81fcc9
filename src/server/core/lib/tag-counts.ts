import type { Sql } from '../db/types.js';
import { toSearchText } from '../../../shared/search-text.js';
import type { TagCount, TagListQuery } from '../../../shared/tags.js';

/**
 * The tags of a table's live (not merged-away) rows in one workspace, with how many rows carry each, most
 * used first (ties in code-point order, the same on every database); `q` matches part of a tag without
 * accents ("khieu" finds "khiếu-nại"). The table is the owning area's own (a `tags text[]` column and
 * `merged_into_id`); for the tag pickers.
 */
export async function tagCounts(sql: Sql, table: 'tickets' | 'customers', workspaceId: string, { q, limit }: TagListQuery): Promise<TagCount[]> {
  const text = toSearchText(q);
  const rows = await sql.query<{ tag: string; count: number }>(
    `SELECT g.tag, count(*)::int AS count
       FROM ${table} t CROSS JOIN LATERAL unnest(t.tags) AS g(tag)
      WHERE t.workspace_id = $1 AND t.merged_into_id IS NULL AND ($2 = '' OR tt_search_text(g.tag) LIKE '%' || $2 || '%')
      GROUP BY g.tag ORDER BY count(*) DESC, g.tag COLLATE "C" LIMIT $3`,
    [workspaceId, text.replace(/[\\%_]/g, '\\$&'), limit],
  );
  return rows.map((r) => ({ tag: r.tag, count: Number(r.count) }));
}
