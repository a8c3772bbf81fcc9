import type { Sql } from '../../../core/db/types.js';
import { toSearchText } from '../../../../shared/search-text.js';
import { ARTICLE_SELECT, type ArticleRow } from '../rows.js';

/** A delivered product, as an order line names it. */
export interface UsageGuideItem {
  sku: string;
  name: string;
}

export type GuideMatch = 'sku' | 'product_name' | 'category';
const RANK: Record<GuideMatch, number> = { sku: 0, product_name: 1, category: 2 };

/** Whether a folded phrase is in a folded text as whole words ("may giat" in "may giat lg inverter 9kg"). */
const hasPhrase = (text: string, phrase: string) => phrase.length >= 3 && ` ${text} `.includes(` ${phrase} `);

/**
 * The published articles that are usage guides for these products: an article tagged with a product's SKU
 * (exact, case and accents ignored), tagged with a phrase of the product's name ("máy giặt", "LG
 * Inverter"), or filed under a category whose name is in the product's name — in that order of
 * strength, one list without repeats, the wanted language first (the other only for a product that
 * has no guide in it). `requireTag` keeps only articles that also carry that tag ("hướng dẫn sử dụng").
 */
export async function usageGuidesFor(
  sql: Sql,
  workspaceId: string,
  items: UsageGuideItem[],
  opts: { lang: 'vi' | 'en'; requireTag?: string | null; limit: number },
): Promise<{ article: ArticleRow; matchedBy: GuideMatch; item: UsageGuideItem }[]> {
  const rows = await sql.query<ArticleRow>(`${ARTICLE_SELECT} WHERE a.workspace_id = $1 AND a.status = 'published' ORDER BY a.published_at, a.id`, [workspaceId]);
  const required = opts.requireTag ? toSearchText(opts.requireTag) : null;
  const articles = rows
    .map((a) => ({ a, tags: a.tags.map(toSearchText), category: a.category_name ? toSearchText(a.category_name) : null }))
    .filter((x) => !required || x.tags.includes(required));
  const found: { article: ArticleRow; matchedBy: GuideMatch; item: UsageGuideItem; order: number }[] = [];
  items.forEach((item, i) => {
    const sku = toSearchText(item.sku);
    const name = toSearchText(item.name);
    const matches = articles.flatMap(({ a, tags, category }): { article: ArticleRow; matchedBy: GuideMatch }[] => {
      if (sku && tags.includes(sku)) return [{ article: a, matchedBy: 'sku' }];
      if (name && tags.some((t) => t === name || hasPhrase(name, t))) return [{ article: a, matchedBy: 'product_name' }];
      if (name && category && hasPhrase(name, category)) return [{ article: a, matchedBy: 'category' }];
      return [];
    });
    const inLang = matches.filter((m) => m.article.lang === opts.lang);
    for (const m of inLang.length ? inLang : matches) found.push({ ...m, item, order: i });
  });
  found.sort((x, y) => RANK[x.matchedBy] - RANK[y.matchedBy] || x.order - y.order);
  const seen = new Set<string>();
  const out: { article: ArticleRow; matchedBy: GuideMatch; item: UsageGuideItem }[] = [];
  for (const f of found) {
    if (seen.has(f.article.id)) continue;
    seen.add(f.article.id);
    out.push({ article: f.article, matchedBy: f.matchedBy, item: f.item });
    if (out.length >= opts.limit) break;
  }
  return out;
}
