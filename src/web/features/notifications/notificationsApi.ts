import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';
import { useRealtime } from '../../lib/realtime';
import type { NotificationPrefs, UnreadCounts } from '../../../shared/notifications';

/** Under the tickets key: every event on the inbox topic (and a reconnect) refreshes the counts. */
export const unreadKey = (teamId?: string | null) => [...qk.tickets(), 'unread', teamId ?? null] as const;
const prefsKey = ['notifications', 'prefs'] as const;

/**
 * Unread tickets per inbox view for me ("Của tôi", "Chưa giao", the team, "Tất cả") and `forMe`
 * (mine + unassigned: the tab title and the "Hộp thư" badge). Live: refreshed by inbox events.
 */
export function useUnreadCounts(teamId?: string | null, enabled = true) {
  useRealtime([enabled && 'inbox']);
  return useQuery({
    queryKey: unreadKey(teamId),
    queryFn: ({ signal }) => api<UnreadCounts>('/notifications/unread', { query: { teamId: teamId ?? undefined }, signal }),
    enabled,
    staleTime: 5_000,
    refetchInterval: 120_000,
  });
}

/** Marks a ticket read (I opened it) and refreshes the counts. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ticketId: string) => api<{ readAt: string }>(`/tickets/${ticketId}/read`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...qk.tickets(), 'unread'] }),
  });
}

/** My notification settings. */
export function useNotificationPrefs() {
  return useQuery({ queryKey: prefsKey, queryFn: () => api<{ prefs: NotificationPrefs }>('/notifications/prefs').then((r) => r.prefs), staleTime: 60_000 });
}

/** Saves my settings (optimistically: a switch moves at once, and moves back when saving fails). */
export function useSaveNotificationPrefs() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (prefs: NotificationPrefs) => api<{ prefs: NotificationPrefs }>('/notifications/prefs', { method: 'PUT', body: { prefs } }).then((r) => r.prefs),
    onMutate: (prefs) => {
      const before = queryClient.getQueryData<NotificationPrefs>(prefsKey);
      queryClient.setQueryData(prefsKey, prefs);
      return { before };
    },
    onError: (_err, _prefs, context) => queryClient.setQueryData(prefsKey, context?.before),
    onSuccess: (prefs) => queryClient.setQueryData(prefsKey, prefs),
  });
}
