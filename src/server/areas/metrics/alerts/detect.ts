import { MEASURE_DEFS, type MeasureKey } from '../../../../shared/metrics.js';
import {
  adjustPValues,
  flipProportion,
  mannWhitneyShiftTest,
  npsDropTest,
  npsTotal,
  npsValue,
  proportionDropTest,
  totalCount,
  weightedMean,
  weightedQuantile,
  type NpsCounts,
  type Proportion,
  type TestResult,
  type WeightedValue,
} from './stats.js';

/**
 * Pure detection: given each (measure, scope)'s recent and baseline samples, which ones got
 * significantly AND practically worse? No database here, so the statistics are tested alone and
 * simulated at speed (bench/alerts.ts).
 */

export type ScopeKind = 'workspace' | 'channel' | 'team' | 'agent';
export interface Scope {
  kind: ScopeKind;
  /** null for the workspace; the channel name; a team or user id. */
  id: string | null;
  label: string;
}

/** One window's data for a measure, in the shape its test needs. */
export type Sample =
  | ({ kind: 'proportion' } & Proportion)
  | ({ kind: 'nps' } & NpsCounts)
  /** mean: the exact mean when the values are histogram buckets (their representatives are approximate). */
  | { kind: 'distribution'; values: WeightedValue[]; mean?: number | null };

export interface Comparison {
  measure: MeasureKey;
  scope: Scope;
  recent: Sample;
  baseline: Sample;
}

export interface DetectorConfig {
  /** Days in the recent window, ending at the pass's hour. */
  recentDays: number;
  /** Days of baseline right before the recent window. */
  baselineDays: number;
  /** Significance level after the multiple-testing correction. */
  alpha: number;
  /** The correction across every (measure, scope) tested in one pass. */
  correction: 'bh' | 'bonferroni';
  /** Fewer observations than this on either side: not tested (no alert, no auto-resolve). */
  minSamples: number;
  /** Practical size an alarm needs besides significance. */
  minEffect: {
    /** Proportions (CSAT, FCR, SLA, abandoned, reopen): worse by at least this many percentage points. */
    percentPoints: number;
    /** NPS: worse by at least this many points. */
    npsPoints: number;
    /** Times and CES: Vargha–Delaney A of "recent worse than baseline" at least this (0.56 = small effect). */
    superiority: number;
  };
  /** After an alert is resolved (or acknowledged), this long before the same measure and scope alerts again. */
  cooldownHours: number;
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  recentDays: 7,
  baselineDays: 28,
  alpha: 0.05,
  correction: 'bh',
  minSamples: 30,
  minEffect: { percentPoints: 5, npsPoints: 10, superiority: 0.56 },
  cooldownHours: 24,
};

/** The measures early warning watches and the kind of test each gets (volume is neutral; backlog is a stock, not a sample). */
export const WATCHED: Partial<Record<MeasureKey, Sample['kind']>> = {
  csat: 'proportion',
  fcr: 'proportion',
  sla_first_response: 'proportion',
  sla_resolution: 'proportion',
  abandoned_call: 'proportion',
  abandoned_chat: 'proportion',
  reopen_rate: 'proportion',
  nps: 'nps',
  ces: 'distribution',
  frt: 'distribution',
  frt_business: 'distribution',
  response_time: 'distribution',
  resolution_time: 'distribution',
  aht_call: 'distribution',
  aht_chat: 'distribution',
};

export interface WindowFigures {
  value: number | null;
  n: number;
  median?: number | null;
}

export interface Finding {
  measure: MeasureKey;
  scope: Scope;
  /** False when a side had fewer than minSamples observations: nothing concluded. */
  tested: boolean;
  test: TestResult['test'] | null;
  statistic: number | null;
  pValue: number | null;
  /** After the correction across the pass (null when untested). */
  adjustedP: number | null;
  recent: WindowFigures;
  baseline: WindowFigures;
  /** How much worse, in the unit of minEffect for this kind (percentage points, NPS points, A). */
  effect: number;
  /** Significant after correction and practically large: raise (or keep) an alert. */
  alarm: boolean;
  /** Tested and not even nominally significant or practically small: an open alert resolves. */
  normal: boolean;
  /** Broader scopes whose samples are exactly this one's (e.g. a team of one agent): folded into this alarm. */
  sameAs: Scope[];
}

export const sampleSize = (s: Sample) =>
  s.kind === 'proportion' ? s.n : s.kind === 'nps' ? npsTotal(s) : totalCount(s.values);

function figures(s: Sample): WindowFigures {
  if (s.kind === 'proportion') return { value: s.n === 0 ? null : (s.successes / s.n) * 100, n: s.n };
  if (s.kind === 'nps') return { value: npsValue(s), n: npsTotal(s) };
  return { value: s.mean ?? weightedMean(s.values), n: totalCount(s.values), median: weightedQuantile(s.values, 0.5) };
}

/** One comparison's test and effect (before the correction across the pass). */
export function evaluate(c: Comparison, config: DetectorConfig = DEFAULT_DETECTOR_CONFIG): Omit<Finding, 'adjustedP' | 'alarm' | 'normal' | 'sameAs'> & { minEffect: number } {
  const better = MEASURE_DEFS[c.measure].better;
  const recent = figures(c.recent);
  const baseline = figures(c.baseline);
  const base = { measure: c.measure, scope: c.scope, recent, baseline };
  const tested = recent.n >= config.minSamples && baseline.n >= config.minSamples && better !== 'neutral';
  if (!tested) return { ...base, tested: false, test: null, statistic: null, pValue: null, effect: 0, minEffect: Infinity };

  if (c.recent.kind === 'proportion' && c.baseline.kind === 'proportion') {
    const drop = better === 'higher';
    const r = proportionDropTest(drop ? c.recent : flipProportion(c.recent), drop ? c.baseline : flipProportion(c.baseline));
    const effect = drop ? baseline.value! - recent.value! : recent.value! - baseline.value!;
    return { ...base, tested, test: r.test, statistic: r.statistic, pValue: r.pValue, effect, minEffect: config.minEffect.percentPoints };
  }
  if (c.recent.kind === 'nps' && c.baseline.kind === 'nps') {
    const r = npsDropTest(c.recent, c.baseline);
    return { ...base, tested, test: r.test, statistic: r.statistic, pValue: r.pValue, effect: baseline.value! - recent.value!, minEffect: config.minEffect.npsPoints };
  }
  if (c.recent.kind === 'distribution' && c.baseline.kind === 'distribution') {
    const worse = better === 'lower' ? 'higher' : 'lower';
    const r = mannWhitneyShiftTest(c.recent.values, c.baseline.values, worse);
    const effect = worse === 'higher' ? r.a : 1 - r.a;
    return { ...base, tested, test: r.test, statistic: r.statistic, pValue: r.pValue, effect, minEffect: config.minEffect.superiority };
  }
  throw new Error(`samples of different kinds for ${c.measure}`);
}

/**
 * Every comparison of a pass, tested and corrected together: an alarm needs the adjusted p-value ≤ α
 * and the practical effect; "normal" (which resolves an open alert) needs the raw p-value > α or a
 * small effect — the gap between the two is the hysteresis that keeps an alert from flapping.
 */
export function detect(comparisons: Comparison[], config: DetectorConfig = DEFAULT_DETECTOR_CONFIG): Finding[] {
  const evaluated = comparisons.map((c) => evaluate(c, config));
  const testedIdx = evaluated.flatMap((e, i) => (e.tested ? [i] : []));
  const adjusted = adjustPValues(testedIdx.map((i) => evaluated[i].pValue!), config.correction);
  const adjustedOf = new Map(testedIdx.map((i, k) => [i, adjusted[k]]));
  const findings: Finding[] = evaluated.map(({ minEffect, ...e }, i) => {
    const adjustedP = adjustedOf.get(i) ?? null;
    const bigEnough = e.effect >= minEffect;
    return {
      ...e,
      adjustedP,
      alarm: e.tested && adjustedP !== null && adjustedP <= config.alpha && bigEnough,
      normal: e.tested && (e.pValue! > config.alpha || !bigEnough),
      sameAs: [],
    };
  });
  return foldSamePopulation(findings);
}

const SPECIFICITY: Record<ScopeKind, number> = { agent: 0, team: 1, channel: 2, workspace: 3 };

/**
 * One change, one alarm: when several scopes of a measure alarm on exactly the same samples (a team
 * of one agent, a workspace with one channel), only the most specific scope alarms — the one someone
 * can act on — and lists the others. The folded ones neither alarm nor count as normal, so an alert
 * already open for them stays until its own data say it is over.
 */
function foldSamePopulation(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.alarm) continue;
    const key = JSON.stringify([f.measure, f.recent.value, f.recent.n, f.baseline.value, f.baseline.n, f.recent.median ?? null, f.baseline.median ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const group of groups.values()) {
    // Two scopes of one kind never contain each other: equal figures there are a coincidence, not one population.
    if (group.length < 2 || new Set(group.map((f) => f.scope.kind)).size < group.length) continue;
    group.sort((a, b) => SPECIFICITY[a.scope.kind] - SPECIFICITY[b.scope.kind]);
    const [kept, ...folded] = group;
    kept.sameAs = folded.map((f) => f.scope);
    for (const f of folded) {
      f.alarm = false;
      f.normal = false;
    }
  }
  return findings;
}
