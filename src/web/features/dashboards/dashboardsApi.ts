import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import type { AlertCheck, AlertDto, Breakdown, Leaderboard, LiveView, MeasureKey, Overview, Scorecard } from '../../../shared/metrics';
import { api, apiUrl } from '../../lib/api';

/** The filters of every dashboard request, as they stand in the page's URL. */
export interface DashboardQuery {
  from: string;
  to: string;
  granularity?: 'auto' | 'day' | 'week' | 'month';
  channel?: string;
  teamId?: string;
  agentId?: string;
  /** A saved segment: its customers' tickets, answers, calls and chats only. */
  segmentId?: string;
}

export const dashboardKeys = {
  all: ['metrics'] as const,
  overview: (q: DashboardQuery) => ['metrics', 'overview', q] as const,
  breakdown: (measure: MeasureKey, by: string, q: DashboardQuery) => ['metrics', 'breakdown', measure, by, q] as const,
  scorecard: (agentId: string, from: string, to: string) => ['metrics', 'scorecard', agentId, from, to] as const,
  live: ['metrics', 'live'] as const,
  alerts: (status: string) => ['alerts', status] as const,
  alertsAll: ['alerts'] as const,
};

const asQuery = (q: DashboardQuery) => ({ ...q }) as Record<string, string | undefined>;

/** KPI cards: every measure now, in the previous period and as a series. */
export function useOverview(q: DashboardQuery) {
  return useQuery({
    queryKey: dashboardKeys.overview(q),
    queryFn: ({ signal }) => api<Overview>('/metrics/overview', { query: asQuery(q), signal }),
    placeholderData: keepPreviousData,
  });
}

/** One measure broken down by a dimension (channel, team, agent, …) or by time buckets. */
export function useBreakdown(measure: MeasureKey, by: string, q: DashboardQuery) {
  const { granularity: _g, ...filters } = q;
  return useQuery({
    queryKey: dashboardKeys.breakdown(measure, by, q),
    queryFn: ({ signal }) => api<Breakdown>(`/metrics/measures/${measure}`, { query: { ...asQuery(filters as DashboardQuery), by }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The CSV of the same table (the server writes it; the browser just downloads). */
export function breakdownCsvUrl(measure: MeasureKey, by: string, q: DashboardQuery): string {
  const { granularity: _g, ...filters } = q;
  return apiUrl(`/metrics/measures/${measure}.csv`, { ...(filters as Record<string, string | undefined>), by });
}

/** One agent's scorecard (supervisors for anyone; an agent for themselves). */
export function useScorecard(agentId: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: dashboardKeys.scorecard(agentId ?? '', from, to),
    queryFn: ({ signal }) => api<Scorecard>(`/metrics/agents/${agentId}/scorecard`, { query: { from, to, granularity: 'week' }, signal }),
    enabled: !!agentId,
    placeholderData: keepPreviousData,
  });
}

/** Every agent side by side for the period (supervisors and admins). */
export function useLeaderboard(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: ['metrics', 'leaderboard', from, to] as const,
    queryFn: ({ signal }) => api<Leaderboard>('/metrics/leaderboard', { query: { from, to }, signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** The live view; polled every 30 s besides the realtime refreshes. */
export function useLiveView() {
  return useQuery({
    queryKey: dashboardKeys.live,
    queryFn: ({ signal }) => api<LiveView>('/metrics/live', { signal }),
    refetchInterval: 30_000,
    staleTime: 5_000,
  });
}

/** Early-warning alerts in one status. */
export function useAlerts(status: 'open' | 'acknowledged' | 'resolved', enabled = true) {
  return useQuery({
    queryKey: dashboardKeys.alerts(status),
    queryFn: async ({ signal }) => (await api<{ alerts: AlertDto[] }>('/alerts', { query: { status }, signal })).alerts,
    enabled,
    refetchInterval: 60_000,
  });
}

/** Why early warning says what it says: each watched measure's test, n and p (read-only). */
export function useAlertChecks() {
  return useQuery({
    queryKey: ['alerts', 'checks'] as const,
    queryFn: async ({ signal }) => (await api<{ checks: AlertCheck[] }>('/alerts/checks', { signal })).checks,
    staleTime: 60_000,
  });
}

export function useAcknowledgeAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ alert: AlertDto }>(`/alerts/${id}/acknowledge`, { method: 'POST', body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: dashboardKeys.alertsAll }),
  });
}
