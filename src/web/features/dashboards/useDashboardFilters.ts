import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../lib/session';
import type { DashboardQuery } from './dashboardsApi';
import { PRESETS, isDay, presetRange, todayIn, type Preset } from './periods';

export interface DashboardFilters extends DashboardQuery {
  preset: Preset;
  granularity: 'auto' | 'day' | 'week' | 'month';
}

const GRANS = ['auto', 'day', 'week', 'month'] as const;

/**
 * Dashboard filters kept in the URL (?period=30d&granularity=week&channel=email&teamId=…), so a view
 * can be shared as a link and survives reload. A custom period carries its own from/to.
 */
export function useDashboardFilters() {
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const today = todayIn(me.data?.workspace.timezone ?? 'Asia/Ho_Chi_Minh');

  const rawPreset = params.get('period');
  const from = params.get('from');
  const to = params.get('to');
  let preset: Preset = (PRESETS as readonly string[]).includes(rawPreset ?? '') ? (rawPreset as Preset) : '30d';
  if (preset === 'custom' && !(isDay(from) && isDay(to) && from <= to)) preset = '30d';
  const range = preset === 'custom' ? { from: from!, to: to! } : presetRange(preset, today);
  const g = params.get('granularity');
  const granularity = (GRANS as readonly string[]).includes(g ?? '') ? (g as DashboardFilters['granularity']) : defaultGranularity(preset);

  const filters: DashboardFilters = {
    preset,
    ...range,
    granularity,
    channel: params.get('channel') ?? undefined,
    teamId: params.get('teamId') ?? undefined,
    agentId: params.get('agentId') ?? undefined,
    segmentId: params.get('segmentId') ?? undefined,
  };

  /** Changes some filters; null removes one. */
  const update = (patch: Record<string, string | null | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (next.get('period') !== 'custom') {
      next.delete('from');
      next.delete('to');
    }
    setParams(next, { replace: true });
  };

  /** The API query (no preset, no empty values). */
  const query: DashboardQuery = {
    from: filters.from,
    to: filters.to,
    granularity: filters.granularity,
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.teamId ? { teamId: filters.teamId } : {}),
    ...(filters.agentId ? { agentId: filters.agentId } : {}),
    ...(filters.segmentId ? { segmentId: filters.segmentId } : {}),
  };

  return { filters, query, update, today };
}

/**
 * Weeks for a quarter; otherwise the server decides ('auto': days, or weeks when days hold too few
 * answers or tickets to read — a daily CSAT of 1–2 answers swings 0 %↔100 %).
 */
export function defaultGranularity(preset: Preset): DashboardFilters['granularity'] {
  return preset === '90d' ? 'week' : 'auto';
}
