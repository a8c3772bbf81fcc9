import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTOR_CONFIG, detect, type Comparison, type Scope } from './detect.js';
import { noisePass, scopesFor, simulator } from './simulate.js';
import { adjustPValues, fromSamples, mannWhitneyShiftTest, npsDropTest, proportionDropTest, weightedQuantile } from './stats.js';

// Pure functions only: no database, fast.

describe('proportionDropTest', () => {
  it('two-proportion z by hand: 70/100 recent vs 135/150 baseline', () => {
    // pooled p = 205/250 = 0.82; se = √(0.82·0.18·(1/100 + 1/150)) = √(0.1476·0.016667) = 0.049598
    // z = (0.70 − 0.90) / 0.049598 = −4.0324; one-sided p = Φ(−4.0324) ≈ 2.76e−5
    const r = proportionDropTest({ successes: 70, n: 100 }, { successes: 135, n: 150 });
    expect(r.test).toBe('two_proportions');
    expect(r.statistic!).toBeCloseTo(-4.0324, 3);
    expect(r.pValue).toBeCloseTo(2.76e-5, 6);
  });

  it("uses Fisher's exact test when an expected cell is under 10 (hand-computed hypergeometric tail)", () => {
    // recent 1 success of 5, baseline 8 of 10: N = 15, K = 9, n = 5.
    // P(X ≤ 1) = [C(9,0)C(6,5) + C(9,1)C(6,4)] / C(15,5) = (6 + 135) / 3003 = 0.046953
    const r = proportionDropTest({ successes: 1, n: 5 }, { successes: 8, n: 10 });
    expect(r.test).toBe('fisher_exact');
    expect(r.pValue).toBeCloseTo(141 / 3003, 6);
  });

  it('a rise is not a drop (one-sided)', () => {
    expect(proportionDropTest({ successes: 95, n: 100 }, { successes: 80, n: 100 }).pValue).toBeGreaterThan(0.99);
  });
});

describe('npsDropTest', () => {
  it('difference of NPS with its variance, by hand', () => {
    // recent: 30 P, 30 passive, 40 D of 100 → NPS −10, mean −0.1, var = 0.7 − 0.01 = 0.69
    // baseline: 50 P, 30, 20 D of 100 → NPS 30, mean 0.3, var = 0.7 − 0.09 = 0.61
    // z = −0.4 / √(0.0069 + 0.0061) = −0.4 / 0.114018 = −3.5082
    const r = npsDropTest({ promoters: 30, passives: 30, detractors: 40 }, { promoters: 50, passives: 30, detractors: 20 });
    expect(r.statistic!).toBeCloseTo(-3.5082, 3);
    expect(r.pValue).toBeLessThan(0.001);
  });
});

describe('mannWhitneyShiftTest', () => {
  it('U and A by hand with ties', () => {
    // recent [3, 4, 5], baseline [1, 2, 3]: pairs recent > baseline = 3+3+3 − 0.5 (3 vs 3 tie) = 8.5
    const r = mannWhitneyShiftTest(fromSamples([3, 4, 5]), fromSamples([1, 2, 3]), 'higher');
    expect(r.u).toBe(8.5);
    expect(r.a).toBeCloseTo(8.5 / 9, 10);
  });

  it('histogram buckets give the same U as the raw values they bin', () => {
    const raw = mannWhitneyShiftTest(fromSamples([10, 10, 20, 30, 30, 30]), fromSamples([10, 20, 20, 20]), 'higher');
    const binned = mannWhitneyShiftTest(
      [{ value: 10, count: 2 }, { value: 20, count: 1 }, { value: 30, count: 3 }],
      [{ value: 10, count: 1 }, { value: 20, count: 3 }],
      'higher',
    );
    expect(binned.u).toBe(raw.u);
    expect(binned.pValue).toBeCloseTo(raw.pValue, 12);
  });

  it('finds a doubling of response times and not a halving (direction)', () => {
    const sim = simulator(7);
    const base = sim.times(200, 600);
    const slow = sim.times(60, 1200);
    const fast = sim.times(60, 300);
    if (base.kind !== 'distribution' || slow.kind !== 'distribution' || fast.kind !== 'distribution') throw new Error('kind');
    expect(mannWhitneyShiftTest(slow.values, base.values, 'higher').pValue).toBeLessThan(0.001);
    expect(mannWhitneyShiftTest(fast.values, base.values, 'higher').pValue).toBeGreaterThan(0.5);
  });

  it('median of weighted values', () => {
    expect(weightedQuantile(fromSamples([5, 1, 3, 9]), 0.5)).toBe(3);
  });
});

describe('adjustPValues', () => {
  it('Benjamini–Hochberg step-up, by hand', () => {
    // sorted 0.01, 0.02, 0.03, 0.5 (m = 4): 0.04, 0.04, 0.04, 0.5
    expect(adjustPValues([0.03, 0.5, 0.01, 0.02], 'bh').map((p) => +p.toFixed(6))).toEqual([0.04, 0.5, 0.04, 0.04]);
    expect(adjustPValues([0.01, 0.3], 'bonferroni')).toEqual([0.02, 0.6]);
  });
});

describe('detect', () => {
  const team: Scope = { kind: 'team', id: 't1', label: 'Đội A' };

  it('alarms on an injected CSAT drop (90 % → 70 %) with the evidence of the data', () => {
    const c: Comparison = { measure: 'csat', scope: team, recent: { kind: 'proportion', successes: 70, n: 100 }, baseline: { kind: 'proportion', successes: 135, n: 150 } };
    const [f] = detect([c]);
    expect(f).toMatchObject({ alarm: true, tested: true, recent: { value: 70, n: 100 }, baseline: { value: 90, n: 150 } });
    expect(f.effect).toBeCloseTo(20, 10);
  });

  it('direction comes from MEASURE_DEFS.better: a rise of the abandoned rate or a fall of CES/NPS alarms, the opposite does not', () => {
    const up: Comparison = { measure: 'abandoned_call', scope: team, recent: { kind: 'proportion', successes: 30, n: 100 }, baseline: { kind: 'proportion', successes: 20, n: 200 } };
    const down: Comparison = { ...up, recent: up.baseline, baseline: up.recent };
    const sim = simulator(3);
    const good = sim.nps(300, 0.5, 0.2);
    const bad = sim.nps(150, 0.3, 0.4);
    const ces = (scores: number[]) => ({ kind: 'distribution' as const, values: fromSamples(scores) });
    const easy = ces(Array.from({ length: 120 }, (_, i) => 5 + (i % 3)));
    const hard = ces(Array.from({ length: 60 }, (_, i) => 3 + (i % 3)));
    const found = detect([
      up,
      down,
      { measure: 'nps', scope: team, recent: bad, baseline: good },
      { measure: 'nps', scope: { ...team, id: 't2' }, recent: good, baseline: bad },
      { measure: 'ces', scope: team, recent: hard, baseline: easy },
      { measure: 'ces', scope: { ...team, id: 't2' }, recent: easy, baseline: hard },
    ]).map((f) => f.alarm);
    expect(found).toEqual([true, false, true, false, true, false]);
  });

  it('one change, one alarm: scopes with the very same samples fold into the most specific one', () => {
    const drop = { recent: { kind: 'proportion' as const, successes: 70, n: 100 }, baseline: { kind: 'proportion' as const, successes: 135, n: 150 } };
    const found = detect([
      { measure: 'csat', scope: { kind: 'workspace', id: null, label: 'Shop' }, ...drop },
      { measure: 'csat', scope: team, ...drop },
      { measure: 'csat', scope: { kind: 'agent', id: 'u1', label: 'An' }, ...drop },
      // Two agents with equal figures are two people: both alarm.
      { measure: 'sla_resolution', scope: { kind: 'agent', id: 'u1', label: 'An' }, ...drop },
      { measure: 'sla_resolution', scope: { kind: 'agent', id: 'u2', label: 'Bình' }, ...drop },
    ]);
    expect(found.map((f) => f.alarm)).toEqual([false, false, true, true, true]);
    expect(found[2].sameAs.map((s) => s.kind)).toEqual(['team', 'workspace']);
    expect(found[0].normal).toBe(false);
  });

  it('below the minimum sample size: not tested, no alarm, not "normal" either', () => {
    const c: Comparison = { measure: 'csat', scope: team, recent: { kind: 'proportion', successes: 5, n: 29 }, baseline: { kind: 'proportion', successes: 200, n: 200 } };
    const [f] = detect([c]);
    expect(f).toMatchObject({ tested: false, alarm: false, normal: false });
  });

  it('a significant but tiny drop does not alarm (practical effect)', () => {
    const c: Comparison = { measure: 'csat', scope: team, recent: { kind: 'proportion', successes: 8_700, n: 10_000 }, baseline: { kind: 'proportion', successes: 35_600, n: 40_000 } };
    const [f] = detect([c]);
    expect(f.pValue!).toBeLessThan(0.001);
    expect(f.alarm).toBe(false);
    expect(f.normal).toBe(true);
  });

  it('pure noise over many scopes: few false alarms (BH at α = 0.05 bounds P(any alarm in a pass) by α)', () => {
    const sim = simulator(20261122);
    const passes = 100;
    const scopes = scopesFor(50); // 100 tests per pass
    let passesWithAlarm = 0;
    let alarms = 0;
    for (let i = 0; i < passes; i++) {
      const found = detect(noisePass(sim, scopes)).filter((f) => f.alarm).length;
      alarms += found;
      if (found > 0) passesWithAlarm++;
    }
    // Under the global null BH keeps P(≥ 1 alarm) ≤ α = 0.05 → ≤ 5 of 100 passes expected (this seed:
    // 7). 12 is the binomial(100, 0.05) 99.9 % upper bound, so this holds for an honest detector and
    // fails for an uncorrected one (which alarms in almost every pass: 100 tests × 5 %).
    expect(passesWithAlarm).toBeLessThanOrEqual(12);
    expect(alarms / (passes * scopes.length * 2)).toBeLessThan(0.005);
  });

  it('without the correction the same noise alarms far more often (the test above can fail)', () => {
    const sim = simulator(20261122);
    const scopes = scopesFor(50);
    let passesWithAlarm = 0;
    for (let i = 0; i < 50; i++) {
      const found = detect(noisePass(sim, scopes), { ...DEFAULT_DETECTOR_CONFIG, correction: 'bonferroni', alpha: 0.05 * 100 }).filter((f) => f.alarm).length;
      if (found > 0) passesWithAlarm++;
    }
    expect(passesWithAlarm).toBeGreaterThan(10);
  });
});
