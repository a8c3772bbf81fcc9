import uniform from '@stdlib/random-base-uniform';
import lognormal from '@stdlib/random-base-lognormal';
import type { Comparison, Sample, Scope } from './detect.js';
import { fromSamples } from './stats.js';

/**
 * Seeded simulated data for the detector's tests and benchmark (not used in production): proportions
 * as Bernoulli draws, times as log-normal samples (response times are roughly log-normal).
 */
export function simulator(seed: number) {
  const u = uniform.factory(0, 1, { seed });
  const ln = lognormal.factory({ seed: seed + 1 });
  return {
    uniform: () => u(),
    proportion(n: number, p: number): Sample {
      let successes = 0;
      for (let i = 0; i < n; i++) if (u() < p) successes++;
      return { kind: 'proportion', successes, n };
    },
    /** n log-normal times with median `median` seconds and log-sd `sigma`, rounded to whole seconds. */
    times(n: number, median: number, sigma = 1): Sample {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) xs.push(Math.round(ln(Math.log(median), sigma)));
      return { kind: 'distribution', values: fromSamples(xs) };
    },
    /** n NPS answers with these shares of promoters and detractors. */
    nps(n: number, promoters: number, detractors: number): Sample {
      const c = { kind: 'nps' as const, promoters: 0, passives: 0, detractors: 0 };
      for (let i = 0; i < n; i++) {
        const x = u();
        if (x < promoters) c.promoters++;
        else if (x < promoters + detractors) c.detractors++;
        else c.passives++;
      }
      return c;
    },
  };
}

export const scopesFor = (count: number): Scope[] => [
  { kind: 'workspace', id: null, label: 'workspace' },
  ...Array.from({ length: count - 1 }, (_, i) => ({ kind: 'agent' as const, id: `agent-${i}`, label: `Agent ${i}` })),
];

/**
 * A pass over pure noise: every scope's recent and baseline windows drawn from the same
 * distribution (CSAT 85 %, FRT median 10 min), sized like a busy agent (4× more baseline days).
 */
export function noisePass(sim: ReturnType<typeof simulator>, scopes: Scope[], recentN = 60): Comparison[] {
  const out: Comparison[] = [];
  for (const scope of scopes) {
    out.push({ measure: 'csat', scope, recent: sim.proportion(recentN, 0.85), baseline: sim.proportion(recentN * 4, 0.85) });
    out.push({ measure: 'frt', scope, recent: sim.times(recentN, 600), baseline: sim.times(recentN * 4, 600) });
  }
  return out;
}
