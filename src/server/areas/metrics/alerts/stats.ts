import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import hypergeometricCdf from '@stdlib/stats-base-dists-hypergeometric-cdf';

/**
 * The statistics of early warning: pure functions, no database. Every test is ONE-SIDED — it asks
 * only "is the recent window worse than its baseline?" — and returns a p-value under the null
 * hypothesis "recent is not worse". Distributions come from @stdlib; only the glue is ours.
 */

export interface Proportion {
  successes: number;
  n: number;
}

/** A value with how often it occurs: raw samples (count 1 each) and histogram buckets alike. */
export interface WeightedValue {
  value: number;
  count: number;
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface TestResult {
  test: 'two_proportions' | 'fisher_exact' | 'mann_whitney' | 'nps_difference';
  /** z for the z-tests and Mann–Whitney (normal approximation); null for Fisher's exact test. */
  statistic: number | null;
  pValue: number;
}

const clampP = (p: number) => (Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 1);

/**
 * Is the recent proportion LOWER than the baseline's? Two-proportion z-test (pooled variance) when
 * every expected cell of the 2×2 table is at least `minExpected`; otherwise Fisher's exact test,
 * one-sided: P(X ≤ recent successes) with X hypergeometric given both margins. The threshold is 10,
 * not the textbook 5: with CSAT near 85–95 % and ~60 answers the z lower tail is anti-conservative
 * (measured: 2× the nominal rate at p < 0.005), which the noise test and bench caught.
 * For a measure where a rise is bad (abandoned rate) pass failures as successes.
 */
export function proportionDropTest(recent: Proportion, baseline: Proportion, minExpected = 10): TestResult {
  const n1 = recent.n;
  const n2 = baseline.n;
  const x1 = recent.successes;
  const x2 = baseline.successes;
  const N = n1 + n2;
  const K = x1 + x2;
  if (n1 === 0 || n2 === 0) return { test: 'two_proportions', statistic: null, pValue: 1 };
  const expected = [(n1 * K) / N, (n1 * (N - K)) / N, (n2 * K) / N, (n2 * (N - K)) / N];
  if (Math.min(...expected) < minExpected) {
    return { test: 'fisher_exact', statistic: null, pValue: clampP(hypergeometricCdf(x1, N, K, n1)) };
  }
  const pooled = K / N;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (x1 / n1 - x2 / n2) / se;
  return { test: 'two_proportions', statistic: z, pValue: clampP(normalCdf(z, 0, 1)) };
}

/** The proportion where a success is a failure and vice versa (for measures where lower is better). */
export const flipProportion = (p: Proportion): Proportion => ({ successes: p.n - p.successes, n: p.n });

export const npsTotal = (c: NpsCounts) => c.promoters + c.passives + c.detractors;

/** NPS = % promoters − % detractors (−100…100), null without answers. */
export function npsValue(c: NpsCounts): number | null {
  const n = npsTotal(c);
  return n === 0 ? null : ((c.promoters - c.detractors) / n) * 100;
}

/**
 * Is the recent NPS LOWER than the baseline's? Each answer scores +1 (promoter), 0 or −1
 * (detractor); NPS/100 is their mean, whose variance per answer is (p₊ + p₋) − (p₊ − p₋)².
 * z = (NPS₁ − NPS₂) / √(v₁/n₁ + v₂/n₂), normal approximation (used with ≥ 30 answers a side).
 */
export function npsDropTest(recent: NpsCounts, baseline: NpsCounts): TestResult {
  const n1 = npsTotal(recent);
  const n2 = npsTotal(baseline);
  if (n1 === 0 || n2 === 0) return { test: 'nps_difference', statistic: null, pValue: 1 };
  const moments = (c: NpsCounts, n: number) => {
    const pp = c.promoters / n;
    const pd = c.detractors / n;
    return { mean: pp - pd, variance: pp + pd - (pp - pd) ** 2 };
  };
  const a = moments(recent, n1);
  const b = moments(baseline, n2);
  const se = Math.sqrt(a.variance / n1 + b.variance / n2);
  const diff = a.mean - b.mean;
  if (se === 0) return { test: 'nps_difference', statistic: null, pValue: diff < 0 ? 0 : 1 };
  const z = diff / se;
  return { test: 'nps_difference', statistic: z, pValue: clampP(normalCdf(z, 0, 1)) };
}

/** Equal values merged and sorted ascending; counts ≤ 0 dropped. */
export function compact(values: WeightedValue[]): WeightedValue[] {
  const m = new Map<number, number>();
  for (const v of values) if (v.count > 0 && Number.isFinite(v.value)) m.set(v.value, (m.get(v.value) ?? 0) + v.count);
  return [...m.entries()].sort((x, y) => x[0] - y[0]).map(([value, count]) => ({ value, count }));
}

export const fromSamples = (samples: number[]): WeightedValue[] => compact(samples.map((value) => ({ value, count: 1 })));

export const totalCount = (vs: WeightedValue[]) => vs.reduce((s, v) => s + v.count, 0);

export function weightedMean(vs: WeightedValue[]): number | null {
  const n = totalCount(vs);
  return n === 0 ? null : vs.reduce((s, v) => s + v.value * v.count, 0) / n;
}

/** The lower median (a value that occurs), from sorted compacted values. */
export function weightedQuantile(vs: WeightedValue[], q: number): number | null {
  const sorted = compact(vs);
  const n = totalCount(sorted);
  if (n === 0) return null;
  const target = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const v of sorted) {
    seen += v.count;
    if (seen >= target) return v.value;
  }
  return sorted[sorted.length - 1].value;
}

export interface MannWhitneyResult extends TestResult {
  /** U of the recent sample: pairs (recent, baseline) where recent is larger, ties counting half. */
  u: number;
  /** U / (n₁n₂): P(recent > baseline) + ½P(tie) — the Vargha–Delaney A effect size (0.5 = no shift). */
  a: number;
}

/**
 * Has the recent distribution shifted towards `worse` ('higher' for times, 'lower' for CES)?
 * Mann–Whitney U with mid-ranks for ties, the tie-corrected variance and a continuity correction
 * (normal approximation). Works on raw samples and on histogram buckets alike: a bucket is a tie
 * group, so binned data get the exact U of the binned values.
 */
export function mannWhitneyShiftTest(recent: WeightedValue[], baseline: WeightedValue[], worse: 'higher' | 'lower'): MannWhitneyResult {
  const r = compact(recent);
  const b = compact(baseline);
  const n1 = totalCount(r);
  const n2 = totalCount(b);
  if (n1 === 0 || n2 === 0) return { test: 'mann_whitney', statistic: null, pValue: 1, u: 0, a: 0.5 };
  const groups = new Map<number, { a: number; b: number }>();
  for (const v of r) groups.set(v.value, { a: v.count, b: 0 });
  for (const v of b) {
    const g = groups.get(v.value);
    if (g) g.b += v.count;
    else groups.set(v.value, { a: 0, b: v.count });
  }
  const N = n1 + n2;
  let below = 0;
  let rankSum = 0;
  let tieTerm = 0;
  for (const [, g] of [...groups.entries()].sort((x, y) => x[0] - y[0])) {
    const t = g.a + g.b;
    rankSum += g.a * (below + (t + 1) / 2);
    tieTerm += t ** 3 - t;
    below += t;
  }
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (N + 1 - tieTerm / (N * (N - 1)));
  const a = u / (n1 * n2);
  if (!(variance > 0)) return { test: 'mann_whitney', statistic: null, pValue: 1, u, a };
  const sd = Math.sqrt(variance);
  const sign = worse === 'higher' ? 1 : -1;
  // Continuity correction: half a unit of U towards the null.
  const z = (sign * (u - mean) - 0.5) / sd;
  return { test: 'mann_whitney', statistic: sign * z, pValue: clampP(1 - normalCdf(z, 0, 1)), u, a };
}

/**
 * Adjusted p-values for m tests run together: Benjamini–Hochberg (controls the false discovery rate;
 * under pure noise P(any alarm) ≤ α) or Bonferroni (controls the family-wise error rate). Reject
 * where adjusted ≤ α. Order of the input is kept.
 */
export function adjustPValues(pValues: number[], method: 'bh' | 'bonferroni'): number[] {
  const m = pValues.length;
  if (method === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    running = Math.min(running, (order[k].p * m) / (k + 1));
    adjusted[order[k].i] = running;
  }
  return adjusted;
}
