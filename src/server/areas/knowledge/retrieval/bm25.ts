import { tokens, trigrams, trigramSimilarity, words } from './text.js';

/** An article as retrieval sees it. */
export interface IndexedArticle {
  id: string;
  lang: 'vi' | 'en';
  slug: string;
  title: string;
  body: string;
  tags: string[];
  status: 'draft' | 'published';
  categoryName: string | null;
}

/** One passage: a paragraph (with the heading above it) of an article. */
interface Passage {
  article: IndexedArticle;
  text: string;
  tf: Map<string, number>;
  len: number;
}

export interface RetrievalHit {
  article: IndexedArticle;
  score: number;
  confidence: number;
  passage: string;
}

const K1 = 1.2;
const B = 0.75;
const TITLE_WEIGHT = 2;

/** Markdown split into passages: paragraphs and list blocks, each carrying the heading it sits under. */
export function splitPassages(body: string): string[] {
  const out: string[] = [];
  let heading = '';
  for (const block of body.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const lines = block.trim().split('\n');
    if (!lines[0]) continue;
    if (/^#{1,6}\s/.test(lines[0])) {
      heading = lines[0].replace(/^#+\s*/, '');
      lines.shift();
      if (!lines.length) continue;
    }
    const text = lines.join('\n').trim();
    if (text) out.push(heading ? `${heading}\n${text}` : text);
  }
  return out.length ? out : [body.trim()];
}

const countTf = (toks: string[], into = new Map<string, number>(), weight = 1) => {
  for (const t of toks) into.set(t, (into.get(t) ?? 0) + weight);
  return into;
};

/**
 * BM25 over passages of every article (title and tags count in each of its passages, weighted), with
 * folded tokens and syllable pairs (text.ts). A query word that is in no article is matched to the
 * closest indexed word by character trigrams (≥ 0.5), so "bao hanhh" or "tragop" still find their
 * articles. Pure and in memory: a workspace's knowledge base is hundreds of articles, not millions;
 * the same code serves the agents' search, the help centre, the AI agent and the bench.
 */
export class KnowledgeIndex {
  private passages: Passage[] = [];
  private df = new Map<string, number>();
  private avgLen = 1;
  private vocab: { word: string; grams: Set<string> }[] = [];
  private byId = new Map<string, IndexedArticle>();

  constructor(articles: IndexedArticle[]) {
    const vocab = new Set<string>();
    for (const a of articles) {
      this.byId.set(a.id, a);
      const head = tokens(`${a.title} ${a.tags.join(' ')}`);
      for (const p of splitPassages(a.body)) {
        const tf = countTf(head, new Map(), TITLE_WEIGHT);
        const bodyToks = tokens(p);
        countTf(bodyToks, tf);
        this.passages.push({ article: a, text: p, tf, len: bodyToks.length + head.length * TITLE_WEIGHT });
      }
      for (const w of words(`${a.title} ${a.tags.join(' ')} ${a.body}`)) if (w.length >= 3) vocab.add(w);
    }
    for (const p of this.passages) for (const t of p.tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.avgLen = this.passages.reduce((s, p) => s + p.len, 0) / (this.passages.length || 1) || 1;
    this.vocab = [...vocab].map((word) => ({ word, grams: trigrams(word) }));
  }

  get size() {
    return this.passages.length;
  }

  /** An indexed article by id (hybrid retrieval maps embedded passages back to their article). */
  article(id: string): IndexedArticle | undefined {
    return this.byId.get(id);
  }

  private idf(t: string): number {
    const n = this.passages.length;
    const df = this.df.get(t) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Query tokens, with unknown words replaced by their nearest indexed spelling. */
  private queryTokens(q: string): string[] {
    const fixed = words(q).map((w) => {
      if (w.length < 4 || this.df.has(w) || /^\d+$/.test(w)) return w;
      const g = trigrams(w);
      let best = { word: w, sim: 0.5 };
      for (const v of this.vocab) {
        const sim = trigramSimilarity(g, v.grams);
        if (sim > best.sim) best = { word: v.word, sim };
      }
      return best.word;
    });
    return [...new Set(tokens(fixed.join(' ')))];
  }

  /** The best articles for a question (one hit per article: its best passage), best first. */
  search(q: string, opts: { limit?: number; lang?: 'vi' | 'en'; publishedOnly?: boolean } = {}): RetrievalHit[] {
    const qt = this.queryTokens(q);
    if (!qt.length) return [];
    const weights = qt.map((t) => ({ t, idf: this.idf(t), single: !t.includes('_') }));
    // Confidence: the share of the question's single-word weight the passage covers (pairs only rank).
    const totalSingle = weights.filter((w) => w.single).reduce((s, w) => s + w.idf, 0) || 1;
    const best = new Map<string, RetrievalHit>();
    for (const p of this.passages) {
      if (opts.lang && p.article.lang !== opts.lang) continue;
      if (opts.publishedOnly && p.article.status !== 'published') continue;
      let score = 0;
      let covered = 0;
      for (const w of weights) {
        const f = p.tf.get(w.t);
        if (!f) continue;
        score += w.idf * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * p.len) / this.avgLen)));
        if (w.single) covered += w.idf;
      }
      if (score <= 0) continue;
      const prev = best.get(p.article.id);
      if (!prev || score > prev.score) best.set(p.article.id, { article: p.article, score, confidence: Math.min(1, covered / totalSingle), passage: p.text });
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.article.title.localeCompare(b.article.title)).slice(0, opts.limit ?? 10);
  }
}
