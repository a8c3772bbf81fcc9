/**
 * Item-to-item co-occurrence: the one scoring module behind cross-sell suggestions, used by the product
 * (fed baskets from the database by the recompute job, associations from the table when a customer is
 * asked about) and by the benchmark (fed from memory). Pure: no database, no clock.
 *
 * For items X and Y over N baskets (orders, each counted once per SKU):
 *   support(X→Y)    = n(X∧Y) / N
 *   confidence(X→Y) = n(X∧Y) / n(X)          — of the orders with X, the share that also had Y
 *   lift(X→Y)       = confidence(X→Y) / (n(Y) / N) — how much more often than Y is bought at all
 */

export interface CoOccurrence {
  baskets: number;
  itemCounts: Map<string, number>;
  /** pairCounts.get(x).get(y) = orders with both (kept both ways, x ≠ y). */
  pairCounts: Map<string, Map<string, number>>;
}

export interface Association {
  sku: string;
  otherSku: string;
  pairCount: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface Thresholds {
  /** Orders a pair must share (an absolute floor: one odd order teaches nothing). */
  minPairCount: number;
  /** support(X∧Y) floor, as a share of all orders. */
  minSupport: number;
  /** confidence floor. */
  minConfidence: number;
  /** Orders with more distinct items than this add to item counts but not to pairs (pairs grow as n²). */
  maxBasketItems: number;
  /** Only each item's strongest rules are kept (by confidence): what a suggestion can use is bounded. */
  maxPerItem: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { minPairCount: 2, minSupport: 0.0001, minConfidence: 0.01, maxBasketItems: 60, maxPerItem: 50 };

/** An empty tally to feed baskets into (the job feeds pages from the database). */
export function newCoOccurrence(): CoOccurrence {
  return { baskets: 0, itemCounts: new Map(), pairCounts: new Map() };
}

/** Adds one basket (its SKUs; repeats and blanks ignored). */
export function addBasket(acc: CoOccurrence, skus: Iterable<string>, maxBasketItems = DEFAULT_THRESHOLDS.maxBasketItems): void {
  const items = [...new Set([...skus].filter((s) => s !== ''))];
  if (items.length === 0) return;
  acc.baskets++;
  for (const x of items) acc.itemCounts.set(x, (acc.itemCounts.get(x) ?? 0) + 1);
  if (items.length > maxBasketItems) return;
  for (const x of items) {
    let row = acc.pairCounts.get(x);
    if (!row) acc.pairCounts.set(x, (row = new Map()));
    for (const y of items) if (y !== x) row.set(y, (row.get(y) ?? 0) + 1);
  }
}

export function countCoOccurrence(baskets: Iterable<Iterable<string>>, maxBasketItems = DEFAULT_THRESHOLDS.maxBasketItems): CoOccurrence {
  const acc = newCoOccurrence();
  for (const b of baskets) addBasket(acc, b, maxBasketItems);
  return acc;
}

/** Every directed pair X→Y above the thresholds, with its support, confidence and lift. */
export function associationsFrom(acc: CoOccurrence, t: Thresholds = DEFAULT_THRESHOLDS): Association[] {
  const out: Association[] = [];
  const n = acc.baskets;
  if (n === 0) return out;
  for (const [x, row] of acc.pairCounts) {
    const nx = acc.itemCounts.get(x)!;
    const mine: Association[] = [];
    for (const [y, nxy] of row) {
      if (nxy < t.minPairCount) continue;
      const support = nxy / n;
      if (support < t.minSupport) continue;
      const confidence = nxy / nx;
      if (confidence < t.minConfidence) continue;
      const lift = confidence / (acc.itemCounts.get(y)! / n);
      mine.push({ sku: x, otherSku: y, pairCount: nxy, support, confidence, lift });
    }
    mine.sort((a, b) => b.confidence - a.confidence || b.lift - a.lift || (a.otherSku < b.otherSku ? -1 : 1));
    out.push(...mine.slice(0, t.maxPerItem));
  }
  return out;
}

export interface RankedItem {
  sku: string;
  score: number;
  /** The owned item that suggests it most strongly (the reason shown). */
  because: Association;
}

/**
 * Items to suggest to someone who has `owned`: every Y some owned X leads to, minus what they own.
 * Score = the sum over owned X of confidence(X→Y) (several of their items pointing at Y count more),
 * ties broken by the best lift, then by SKU so the order is stable. `rulesOf(x)` = associations from x.
 */
export function rankSuggestions(owned: Iterable<string>, rulesOf: (sku: string) => readonly Association[], limit = 5): RankedItem[] {
  const have = new Set(owned);
  const best = new Map<string, RankedItem>();
  for (const x of have) {
    for (const a of rulesOf(x)) {
      if (have.has(a.otherSku)) continue;
      const cur = best.get(a.otherSku);
      if (!cur) best.set(a.otherSku, { sku: a.otherSku, score: a.confidence, because: a });
      else {
        cur.score += a.confidence;
        if (a.confidence > cur.because.confidence || (a.confidence === cur.because.confidence && a.lift > cur.because.lift)) cur.because = a;
      }
    }
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || b.because.lift - a.because.lift || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .slice(0, limit);
}

/** Items by how many orders had them, most first (SKU order among equals): the popularity list. */
export function byPopularity(itemCounts: ReadonlyMap<string, number>): [string, number][] {
  return [...itemCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** The "most popular items" baseline (and the fallback when a customer's items teach nothing): best sellers they do not have. */
export function popularItems(ranked: readonly [string, number][], owned: Iterable<string>, limit = 5): [string, number][] {
  const have = new Set(owned);
  const out: [string, number][] = [];
  for (const e of ranked) {
    if (out.length >= limit) break;
    if (!have.has(e[0])) out.push(e);
  }
  return out;
}

/** Associations grouped by their X, each list in descending confidence (what rankSuggestions reads). */
export function indexBySku(assocs: Association[]): Map<string, Association[]> {
  const m = new Map<string, Association[]>();
  for (const a of assocs) {
    let l = m.get(a.sku);
    if (!l) m.set(a.sku, (l = []));
    l.push(a);
  }
  for (const l of m.values()) l.sort((a, b) => b.confidence - a.confidence);
  return m;
}
