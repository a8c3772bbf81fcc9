import { createHash } from 'node:crypto';
import type { Db, Sql } from '../../../core/db/types.js';
import { splitPassages } from '../retrieval/bm25.js';
import { norm, type ChunkVector } from '../retrieval/hybrid.js';

/** An article's passages as they are embedded (title above each, as a reader sees it) and a hash of them. */
export interface ArticleToEmbed {
  articleId: string;
  hash: string;
  passages: string[];
  texts: string[];
}

function toEmbed(a: { id: string; title: string; body: string }): ArticleToEmbed {
  const passages = splitPassages(a.body);
  const texts = passages.map((p) => `${a.title}\n${p}`);
  return { articleId: a.id, passages, texts, hash: createHash('sha256').update(JSON.stringify(texts)).digest('base64url') };
}

/**
 * The articles whose stored passages are missing, stale (text changed) or by another model — of the
 * given ids, or of the whole workspace (the embeddings switched on, the model changed); with `force`,
 * every one of them (an admin's "re-embed", e.g. after the endpoint's model was updated in place).
 */
export async function articlesToEmbed(sql: Sql, workspaceId: string, model: string, articleIds?: string[], force = false): Promise<ArticleToEmbed[]> {
  const rows = await sql.query<{ id: string; title: string; body: string; hash: string | null; models: string[] | null }>(
    `SELECT a.id, a.title, a.body, min(e.content_hash) AS hash, array_agg(DISTINCT e.model) FILTER (WHERE e.model IS NOT NULL) AS models
       FROM kb_articles a LEFT JOIN kb_chunk_embeddings e ON e.article_id = a.id
      WHERE a.workspace_id = $1 AND ($2::uuid[] IS NULL OR a.id = ANY($2::uuid[]))
      GROUP BY a.id, a.title, a.body ORDER BY a.id`,
    [workspaceId, articleIds ?? null],
  );
  return rows.map((r) => ({ r, e: toEmbed(r) })).filter(({ r, e }) => force || r.hash !== e.hash || r.models?.length !== 1 || r.models[0] !== model).map(({ e }) => e);
}

/** Replaces an article's stored passages with these vectors (one transaction: never half an article). */
export async function saveArticleEmbeddings(db: Db, workspaceId: string, a: ArticleToEmbed, model: string, vectors: number[][]): Promise<void> {
  await db.tx(async (tx) => {
    // The article may have been deleted or edited meanwhile: only its current text is stored.
    const now = await tx.maybeOne<{ id: string; title: string; body: string }>('SELECT id, title, body FROM kb_articles WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, a.articleId]);
    if (!now || toEmbed(now).hash !== a.hash) return;
    await tx.query('DELETE FROM kb_chunk_embeddings WHERE article_id = $1', [a.articleId]);
    for (let i = 0; i < a.passages.length; i++) {
      await tx.query(
        `INSERT INTO kb_chunk_embeddings (article_id, chunk_no, workspace_id, model, content_hash, passage, vector) VALUES ($1, $2, $3, $4, $5, $6, $7::real[])`,
        [a.articleId, i, workspaceId, model, a.hash, a.passages[i], vectors[i]],
      );
    }
  });
}

/** How much of the knowledge base is embedded by this model, current with its text. */
export async function embeddingStatus(sql: Sql, workspaceId: string, model: string): Promise<{ articles: number; embedded: number; passages: number; lastEmbeddedAt: Date | null }> {
  const [stale, totals] = await Promise.all([
    articlesToEmbed(sql, workspaceId, model),
    sql.one<{ articles: string; passages: string; at: Date | null }>(
      `SELECT (SELECT count(*) FROM kb_articles WHERE workspace_id = $1) AS articles,
              (SELECT count(*) FROM kb_chunk_embeddings WHERE workspace_id = $1 AND model = $2) AS passages,
              (SELECT max(embedded_at) FROM kb_chunk_embeddings WHERE workspace_id = $1 AND model = $2) AS at`,
      [workspaceId, model],
    ),
  ]);
  const articles = Number(totals.articles);
  return { articles, embedded: articles - stale.length, passages: Number(totals.passages), lastEmbeddedAt: totals.at ? new Date(totals.at) : null };
}

// Per workspace and model, rebuilt when a passage is added, replaced or removed (count and latest time move).
const cache = new Map<string, { version: string; chunks: ChunkVector[] }>();

/** The workspace's embedded passages by this model (what a query's embedding is compared with). */
export async function chunkVectors(sql: Sql, workspaceId: string, model: string): Promise<ChunkVector[]> {
  const v = await sql.one<{ n: string; at: Date | null }>('SELECT count(*) AS n, max(embedded_at) AS at FROM kb_chunk_embeddings WHERE workspace_id = $1 AND model = $2', [workspaceId, model]);
  const version = `${v.n}|${v.at ? new Date(v.at).toISOString() : ''}`;
  const key = `${workspaceId}|${model}`;
  const hit = cache.get(key);
  if (hit?.version === version) return hit.chunks;
  const rows = await sql.query<{ article_id: string; passage: string; vector: number[] | string }>(
    'SELECT article_id, passage, vector FROM kb_chunk_embeddings WHERE workspace_id = $1 AND model = $2 ORDER BY article_id, chunk_no',
    [workspaceId, model],
  );
  const chunks = rows.map((r) => {
    const vector = Float32Array.from(Array.isArray(r.vector) ? r.vector.map(Number) : parseArray(r.vector));
    return { articleId: r.article_id, passage: r.passage, vector, norm: norm(vector) };
  });
  if (cache.size > 500) cache.clear();
  cache.set(key, { version, chunks });
  return chunks;
}

/** A real[] the driver handed over as its text form ("{0.1,0.2}"). */
const parseArray = (s: string) => s.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map(Number);
