import type { Db, Sql } from '../../core/db/types.js';
import { LEADERBOARD_MEASURES, type Leaderboard, type MeasureValue } from '../../../shared/metrics.js';
import { emptyAggOf, ensureFolded, measureMany, measureRows, valueOf } from './engine.js';

type Key = (typeof LEADERBOARD_MEASURES)[number];

/**
 * Every active agent side by side for a period (supervisors coach from the comparison): one read per
 * measure grouped by agent from the agent rollup, so the cost is a handful of queries whatever the team
 * size. Agents without any observation still get a row (with n = 0), so nobody is missing from the table.
 */
export async function leaderboard(db: Db, workspaceId: string, p: { from: string; to: string }, read: Sql = db): Promise<Leaderboard> {
  await ensureFolded(db, workspaceId);
  const [agents, all, ...rows] = await Promise.all([
    read.query<{ id: string; name: string }>(`SELECT id, name FROM users WHERE workspace_id = $1 AND active ORDER BY name`, [workspaceId]),
    measureMany(read, workspaceId, [...LEADERBOARD_MEASURES], p, p),
    ...LEADERBOARD_MEASURES.map((m) => measureRows(read, workspaceId, m, p, p, 'agent')),
  ]);
  const byMeasure = new Map(LEADERBOARD_MEASURES.map((m, i) => [m, new Map(rows[i].map((r) => [r.key, r.value]))]));
  const none = (m: Key): MeasureValue => valueOf(m, emptyAggOf());
  return {
    from: p.from,
    to: p.to,
    agents: agents.map((a) => ({
      id: a.id,
      name: a.name,
      measures: Object.fromEntries(LEADERBOARD_MEASURES.map((m) => [m, byMeasure.get(m)!.get(a.id) ?? none(m)])) as Record<Key, MeasureValue>,
    })),
    workspace: Object.fromEntries(LEADERBOARD_MEASURES.map((m) => [m, all.get(m)!])) as Record<Key, MeasureValue>,
  };
}
