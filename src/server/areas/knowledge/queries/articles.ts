import type { AppContext } from '../../../core/context.js';
import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import type { KbCategory, KbHit } from '../../../../shared/knowledge.js';
import { KnowledgeIndex, type RetrievalHit } from '../retrieval/bm25.js';
import { hybridSearch, type QueryEmbedding } from '../retrieval/hybrid.js';
import { chunkVectors } from './embeddings.js';
import { ARTICLE_SELECT, type ArticleRow } from '../rows.js';

export async function listArticles(sql: Sql, workspaceId: string, f: { lang?: string; status?: string; categoryId?: string }): Promise<ArticleRow[]> {
  return sql.query<ArticleRow>(
    `${ARTICLE_SELECT} WHERE a.workspace_id = $1 AND ($2::text IS NULL OR a.lang = $2) AND ($3::text IS NULL OR a.status = $3) AND ($4::uuid IS NULL OR a.category_id = $4)
     ORDER BY c.position NULLS LAST, c.name, a.title LIMIT 1000`,
    [workspaceId, f.lang ?? null, f.status ?? null, f.categoryId ?? null],
  );
}

export async function getArticle(sql: Sql, workspaceId: string, id: string): Promise<ArticleRow> {
  const row = await sql.maybeOne<ArticleRow>(`${ARTICLE_SELECT} WHERE a.workspace_id = $1 AND a.id = $2`, [workspaceId, id]);
  if (!row) throw notFound('kb_article', 'kb.article_not_found');
  return row;
}

export async function listCategories(sql: Sql, workspaceId: string): Promise<KbCategory[]> {
  const rows = await sql.query<{ id: string; name: string; position: number; n: string }>(
    `SELECT c.id, c.name, c.position, (SELECT count(*) FROM kb_articles a WHERE a.workspace_id = c.workspace_id AND a.category_id = c.id) AS n
     FROM kb_categories c WHERE c.workspace_id = $1 ORDER BY c.position, c.name`,
    [workspaceId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, position: r.position, articleCount: Number(r.n) }));
}

// One built index per workspace, rebuilt when an article or category changes (its version moves).
const cache = new Map<string, { version: string; index: KnowledgeIndex }>();

/** The workspace's retrieval index over every article (drafts too; searches filter by status). */
export async function knowledgeIndex(sql: Sql, workspaceId: string): Promise<KnowledgeIndex> {
  const v = await sql.one<{ n: string; at: Date | null; cats: string | null }>(
    `SELECT count(*) AS n, max(updated_at) AS at,
            (SELECT string_agg(id::text || ':' || name, ',' ORDER BY id) FROM kb_categories WHERE workspace_id = $1) AS cats
     FROM kb_articles WHERE workspace_id = $1`,
    [workspaceId],
  );
  const version = `${v.n}|${v.at ? new Date(v.at).toISOString() : ''}|${v.cats ?? ''}`;
  const hit = cache.get(workspaceId);
  if (hit?.version === version) return hit.index;
  const rows = await sql.query<ArticleRow>(`${ARTICLE_SELECT} WHERE a.workspace_id = $1`, [workspaceId]);
  const index = new KnowledgeIndex(rows.map((r) => ({ id: r.id, lang: r.lang, slug: r.slug, title: r.title, body: r.body, tags: r.tags, status: r.status, categoryName: r.category_name })));
  if (cache.size > 500) cache.clear();
  cache.set(workspaceId, { version, index });
  return index;
}

/**
 * Searches the knowledge base (accent- and tone-placement-insensitive BM25; see retrieval/). With the
 * query's embedding (`semantic`, made by the workspace's model endpoint) and passages embedded by the
 * same model, BM25 and cosine are fused (hybrid.ts); without either it is BM25 alone.
 */
export async function searchKnowledge(
  sql: Sql,
  workspaceId: string,
  q: string,
  opts: { lang?: 'vi' | 'en'; publishedOnly?: boolean; limit?: number; semantic?: QueryEmbedding | null } = {},
): Promise<RetrievalHit[]> {
  const { semantic, ...rest } = opts;
  const index = await knowledgeIndex(sql, workspaceId);
  if (semantic) {
    const chunks = await chunkVectors(sql, workspaceId, semantic.model);
    if (chunks.length) return hybridSearch(index, q, chunks, semantic, rest);
  }
  return index.search(q, rest);
}

/**
 * The knowledge base's one retrieval, for everyone who searches it — the AI agent, agents' drafts and
 * reply-box suggestions, staff search and the public help centre: the question is embedded by the
 * workspace's model endpoint when it has embeddings (ctx.embedQuery), then BM25/trigram and cosine
 * are fused (RRF); without embeddings, or when the endpoint fails or times out, it is lexical alone.
 */
export async function retrieveKnowledge(
  ctx: Pick<AppContext, 'db' | 'embedQuery'>,
  workspaceId: string,
  q: string,
  opts: { lang?: 'vi' | 'en'; publishedOnly?: boolean; limit?: number; anyLangIfNone?: boolean } = {},
): Promise<RetrievalHit[]> {
  const { anyLangIfNone, ...rest } = opts;
  const semantic = q.trim() ? await ctx.embedQuery(workspaceId, q) : null;
  const hits = await searchKnowledge(ctx.db, workspaceId, q, { ...rest, semantic });
  // A question in one language may be answered only by an article in the other (the same embedding serves).
  if (!hits.length && anyLangIfNone && rest.lang) return searchKnowledge(ctx.db, workspaceId, q, { ...rest, lang: undefined, semantic });
  return hits;
}

export function presentHit(h: RetrievalHit): KbHit {
  return {
    id: h.article.id,
    lang: h.article.lang,
    slug: h.article.slug,
    title: h.article.title,
    status: h.article.status,
    categoryName: h.article.categoryName,
    score: Math.round(h.score * 1000) / 1000,
    confidence: Math.round(h.confidence * 1000) / 1000,
    passage: h.passage,
  };
}
