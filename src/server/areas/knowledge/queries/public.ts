import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import type { PublicArticle, PublicHelpCentre } from '../../../../shared/knowledge.js';

const gone = () => notFound('help_centre', 'kb.help_not_found');

/** The workspace behind a public help-centre address (enabled ones only). */
export async function helpCentreBySlug(sql: Sql, slug: string): Promise<{ workspaceId: string; slug: string; title: string }> {
  const row = await sql.maybeOne<{ workspace_id: string; slug: string; title: string; name: string }>(
    `SELECT h.workspace_id, h.slug, h.title, w.name FROM help_centres h JOIN workspaces w ON w.id = h.workspace_id WHERE lower(h.slug) = lower($1) AND h.enabled`,
    [slug],
  );
  if (!row) throw gone();
  return { workspaceId: row.workspace_id, slug: row.slug, title: row.title || row.name };
}

/** The help centre's front page: categories and published articles (no bodies, an excerpt each). */
export async function publicHelpCentre(sql: Sql, slug: string, lang?: 'vi' | 'en'): Promise<PublicHelpCentre> {
  const hc = await helpCentreBySlug(sql, slug);
  const categories = await sql.query<{ id: string; name: string }>(
    `SELECT c.id, c.name FROM kb_categories c WHERE c.workspace_id = $1
       AND EXISTS (SELECT 1 FROM kb_articles a WHERE a.workspace_id = c.workspace_id AND a.category_id = c.id AND a.status = 'published')
     ORDER BY c.position, c.name`,
    [hc.workspaceId],
  );
  const articles = await sql.query<{ slug: string; lang: 'vi' | 'en'; title: string; category_id: string | null; body: string }>(
    `SELECT slug, lang, title, category_id, left(body, 400) AS body FROM kb_articles WHERE workspace_id = $1 AND status = 'published' AND ($2::text IS NULL OR lang = $2) ORDER BY title LIMIT 500`,
    [hc.workspaceId, lang ?? null],
  );
  return {
    slug: hc.slug,
    title: hc.title,
    categories,
    articles: articles.map((a) => ({ slug: a.slug, lang: a.lang, title: a.title, categoryId: a.category_id, excerpt: excerpt(a.body) })),
  };
}

/** A published article by its address. */
export async function publicArticle(sql: Sql, slug: string, lang: 'vi' | 'en', articleSlug: string): Promise<PublicArticle> {
  const hc = await helpCentreBySlug(sql, slug);
  const a = await sql.maybeOne<{ slug: string; lang: 'vi' | 'en'; title: string; body: string; category_name: string | null; updated_at: Date }>(
    `SELECT a.slug, a.lang, a.title, a.body, c.name AS category_name, a.updated_at FROM kb_articles a LEFT JOIN kb_categories c ON c.id = a.category_id
     WHERE a.workspace_id = $1 AND a.lang = $2 AND a.slug = $3 AND a.status = 'published'`,
    [hc.workspaceId, lang, articleSlug],
  );
  if (!a) throw notFound('kb_article', 'kb.article_not_found');
  return { slug: a.slug, lang: a.lang, title: a.title, body: a.body, categoryName: a.category_name, updatedAt: new Date(a.updated_at).toISOString() };
}

/** Plain text of the start of a markdown body. */
export function excerpt(md: string, max = 160): string {
  const text = md.replace(/^#+\s.*$/gm, ' ').replace(/[*_`>#[\]()-]/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max).replace(/\s\S*$/, '')}…` : text;
}
