import type { QueryEmbedding } from '../../../core/context.js';
import type { KnowledgeIndex, RetrievalHit } from './bm25.js';

export type { QueryEmbedding };

/** An embedded passage of an article, as stored (kb_chunk_embeddings), with its norm computed once. */
export interface ChunkVector {
  articleId: string;
  passage: string;
  vector: Float32Array;
  norm: number;
}

export const norm = (v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
};

function cosine(q: ArrayLike<number>, qNorm: number, c: ChunkVector): number {
  if (!qNorm || !c.norm || q.length !== c.vector.length) return 0;
  let dot = 0;
  for (let i = 0; i < q.length; i++) dot += q[i]! * c.vector[i]!;
  return dot / (qNorm * c.norm);
}

/** Reciprocal rank fusion's constant (Cormack et al. 2009): ranks matter, raw scores of two scales do not. */
const RRF_K = 60;
/** A passage is a semantic candidate only if it is close in absolute terms and near the best one. */
const MIN_COSINE = 0.2;
const NEAR_BEST = 0.75;

/**
 * BM25 and embeddings together: each list ranks articles (an article's best passage), and the fused score
 * is Σ 1/(60 + rank). An article found by both comes first; one only the embeddings find (a paraphrase
 * with no word in common) still enters. Confidence is the larger of BM25's coverage and the cosine, so
 * the AI agent's threshold means "matched the words" or "matched the meaning".
 */
export function hybridSearch(
  index: KnowledgeIndex,
  q: string,
  chunks: readonly ChunkVector[],
  query: QueryEmbedding,
  opts: { limit?: number; lang?: 'vi' | 'en'; publishedOnly?: boolean } = {},
): RetrievalHit[] {
  const limit = opts.limit ?? 10;
  const lexical = index.search(q, { ...opts, limit: Math.max(limit * 3, 20) });
  const qNorm = norm(query.vector);
  const bestChunk = new Map<string, { cos: number; passage: string }>();
  for (const c of chunks) {
    const a = index.article(c.articleId);
    if (!a || (opts.lang && a.lang !== opts.lang) || (opts.publishedOnly && a.status !== 'published')) continue;
    const cos = cosine(query.vector, qNorm, c);
    const prev = bestChunk.get(c.articleId);
    if (!prev || cos > prev.cos) bestChunk.set(c.articleId, { cos, passage: c.passage });
  }
  const top = Math.max(0, ...[...bestChunk.values()].map((b) => b.cos));
  const semantic = [...bestChunk.entries()]
    .filter(([, b]) => b.cos >= MIN_COSINE && b.cos >= top * NEAR_BEST)
    .sort((x, y) => y[1].cos - x[1].cos)
    .slice(0, Math.max(limit * 3, 20));

  const fused = new Map<string, RetrievalHit & { fused: number }>();
  lexical.forEach((h, rank) => fused.set(h.article.id, { ...h, fused: 1 / (RRF_K + rank + 1) }));
  semantic.forEach(([articleId, b], rank) => {
    const rrf = 1 / (RRF_K + rank + 1);
    const prev = fused.get(articleId);
    if (prev) {
      prev.fused += rrf;
      prev.confidence = Math.max(prev.confidence, Math.min(1, b.cos));
    } else {
      fused.set(articleId, { article: index.article(articleId)!, score: 0, confidence: Math.min(1, b.cos), passage: b.passage, fused: rrf });
    }
  });
  return [...fused.values()]
    .sort((a, b) => b.fused - a.fused || b.confidence - a.confidence || a.article.title.localeCompare(b.article.title))
    .slice(0, limit)
    .map(({ fused: f, ...h }) => ({ ...h, score: f }));
}
