/**
 * Fixed histogram buckets for time measures (seconds). Values below SMALL are their own bucket
 * (exact); above, buckets grow geometrically by GROWTH (≈10 % wide). Rollups keep counts per bucket,
 * so a median/p90 read from rollups is the representative value of the bucket that holds the exact
 * nearest-rank quantile: identical to the direct computation with the same bucketing, and within one
 * bucket (≈10 %) of the exact quantile. Means and rates are exact (integer sums and counts).
 */
const SMALL = 20;
const GROWTH = 1.1;
const LOG_GROWTH = Math.log(GROWTH);

export function timeBucket(seconds: number): number {
  const v = Math.max(0, Math.round(seconds));
  if (v < SMALL) return v;
  return SMALL + Math.floor(Math.log(v / SMALL) / LOG_GROWTH + 1e-12);
}

/** The value a time bucket stands for: itself below SMALL, else the geometric middle of its range. */
export function timeBucketValue(bucket: number): number {
  if (bucket < SMALL) return bucket;
  const lo = SMALL * GROWTH ** (bucket - SMALL);
  return Math.round(lo * Math.sqrt(GROWTH));
}

/** Bounds [lower, upper) of a time bucket in seconds (for distribution tests on histograms). */
export function timeBucketBounds(bucket: number): [number, number] {
  if (bucket < SMALL) return [bucket, bucket + 1];
  return [SMALL * GROWTH ** (bucket - SMALL), SMALL * GROWTH ** (bucket - SMALL + 1)];
}

/**
 * Nearest-rank quantile over (bucket, count) pairs: the smallest bucket whose cumulative count reaches
 * ceil(q·N). `sorted` must be ordered by bucket ascending.
 */
export function bucketQuantile(sorted: { bucket: number; n: number }[], q: number): number | null {
  const total = sorted.reduce((s, r) => s + r.n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const r of sorted) {
    seen += r.n;
    if (seen >= rank) return r.bucket;
  }
  return sorted[sorted.length - 1].bucket;
}

/** Nearest-rank quantile of raw values (the exact reference). */
export function exactQuantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(q * s.length)) - 1];
}
