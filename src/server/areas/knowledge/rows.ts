import type { KbArticle } from '../../../shared/knowledge.js';

/** A kb_articles row joined with its category's name. */
export interface ArticleRow {
  id: string;
  workspace_id: string;
  category_id: string | null;
  category_name: string | null;
  lang: 'vi' | 'en';
  slug: string;
  title: string;
  body: string;
  tags: string[];
  status: 'draft' | 'published';
  updated_at: Date;
  published_at: Date | null;
}

export const ARTICLE_SELECT = `SELECT a.*, c.name AS category_name FROM kb_articles a LEFT JOIN kb_categories c ON c.id = a.category_id`;

/** Row → API JSON (fields listed). */
export function presentArticle(r: ArticleRow): KbArticle {
  return {
    id: r.id,
    lang: r.lang,
    slug: r.slug,
    title: r.title,
    body: r.body,
    tags: r.tags,
    status: r.status,
    categoryId: r.category_id,
    categoryName: r.category_name,
    updatedAt: new Date(r.updated_at).toISOString(),
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
  };
}
