import type { MeasureKey } from '../../../../shared/metrics.js';
import type { Db } from '../../../core/db/types.js';
import { CSAT_SUCCESS_MIN_SCORE, measureSamples, type MeasureSample } from '../engine.js';
import { WATCHED, type Comparison, type Sample, type Scope, type ScopeKind } from './detect.js';
import { channelLabel } from './texts.js';
import type { Windows } from './windows.js';

/**
 * The thin data layer of early warning: every watched measure's sufficient statistics for the recent
 * and baseline windows, for the workspace and per channel, team and agent, read from the metrics
 * engine's rollups (measureSamples) — never raw rows — and turned into the detector's samples.
 */

const BY: { kind: Exclude<ScopeKind, 'workspace'>; by: 'channel' | 'team' | 'agent' }[] = [
  { kind: 'channel', by: 'channel' },
  { kind: 'team', by: 'team' },
  { kind: 'agent', by: 'agent' },
];

/** The engine's statistics in the shape of the measure's test (CSAT: answers 4–5 of its score histogram). */
export function toSample(measure: MeasureKey, s: MeasureSample): Sample | undefined {
  if (s.kind === 'count') return undefined;
  if (s.kind === 'proportion') return { kind: 'proportion', successes: s.successes, n: s.n };
  if (s.kind === 'nps') return { kind: 'nps', promoters: s.promoters, detractors: s.detractors, passives: s.n - s.promoters - s.detractors };
  if (measure === 'csat') {
    const successes = s.buckets.filter((b) => b.value >= CSAT_SUCCESS_MIN_SCORE).reduce((sum, b) => sum + b.n, 0);
    return { kind: 'proportion', successes, n: s.n };
  }
  return { kind: 'distribution', values: s.buckets.map((b) => ({ value: b.value, count: b.n })), mean: s.n > 0 ? s.sum / s.n : null };
}

const empty = (kind: Sample['kind']): Sample =>
  kind === 'proportion' ? { kind, successes: 0, n: 0 } : kind === 'nps' ? { kind, promoters: 0, passives: 0, detractors: 0 } : { kind, values: [] };

export async function loadComparisons(db: Db, workspaceId: string, w: Windows, measures: MeasureKey[] = Object.keys(WATCHED) as MeasureKey[]): Promise<Comparison[]> {
  const [ws, teams, agents] = await Promise.all([
    db.one<{ name: string }>(`SELECT name FROM workspaces WHERE id = $1`, [workspaceId]),
    db.query<{ id: string; name: string }>(`SELECT id, name FROM teams WHERE workspace_id = $1`, [workspaceId]),
    db.query<{ id: string; name: string }>(`SELECT id, name FROM users WHERE workspace_id = $1`, [workspaceId]),
  ]);
  const names = { team: new Map(teams.map((t) => [t.id, t.name])), agent: new Map(agents.map((a) => [a.id, a.name])) };
  const out: Comparison[] = [];
  for (const measure of measures) {
    const kind = WATCHED[measure];
    if (!kind) continue;
    const pairs = new Map<string, { scope: Scope; recent?: Sample; baseline?: Sample }>();
    const put = (scope: Scope, side: 'recent' | 'baseline', s: Sample | undefined) => {
      const key = `${scope.kind}:${scope.id ?? ''}`;
      const p = pairs.get(key) ?? { scope };
      p[side] = s;
      pairs.set(key, p);
    };
    for (const side of ['recent', 'baseline'] as const) {
      const period = w[side];
      put({ kind: 'workspace', id: null, label: ws.name }, side, toSample(measure, await measureSamples(db, workspaceId, measure, period)));
      for (const { kind: scopeKind, by } of BY) {
        for (const row of await measureSamples(db, workspaceId, measure, period, { by })) {
          if (!row.key) continue; // unassigned team/agent: no one to warn about
          const label = scopeKind === 'channel' ? channelLabel(row.key) : names[scopeKind].get(row.key);
          if (label === undefined) continue; // a deleted team or user
          put({ kind: scopeKind, id: row.key, label }, side, toSample(measure, row.sample));
        }
      }
    }
    for (const p of pairs.values()) out.push({ measure, scope: p.scope, recent: p.recent ?? empty(kind), baseline: p.baseline ?? empty(kind) });
  }
  return out;
}
