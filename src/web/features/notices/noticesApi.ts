import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NoticeList, NoticeListQuery, NoticeSettings, NoticeSubscription } from '../../../shared/notices';
import { api } from '../../lib/api';

const key = ['notices'] as const;

/** GET /api/notices/settings (the defaults until first saved). */
export function useNoticeSettings() {
  return useQuery({ queryKey: [...key, 'settings'], queryFn: ({ signal }) => api<{ settings: NoticeSettings }>('/notices/settings', { signal }).then((r) => r.settings) });
}

/** PUT /api/notices/settings: the whole document. */
export function useSaveNoticeSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (settings: NoticeSettings) => api<{ settings: NoticeSettings }>('/notices/settings', { method: 'PUT', body: settings }).then((r) => r.settings),
    onSuccess: (s) => qc.setQueryData([...key, 'settings'], s),
  });
}

export type NoticeFilters = Partial<Pick<NoticeListQuery, 'display' | 'status' | 'channel' | 'orderCode' | 'customerId'>>;

/** GET /api/notices: the recent notices, newest first, refreshed every 30 s (delivery states move). */
export function useNotices(filters: NoticeFilters, limit = 30) {
  return useQuery({
    queryKey: [...key, 'list', filters, limit],
    queryFn: ({ signal }) => api<NoticeList>('/notices', { signal, query: { ...filters, limit } }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

/** A customer's subscription, with the agent's toggle (POST notice-unsubscribe / notice-resubscribe). */
export function useNoticeSubscription(customerId: string) {
  return useQuery({
    queryKey: [...key, 'subscription', customerId],
    queryFn: ({ signal }) => api<NoticeSubscription>(`/customers/${customerId}/notice-subscription`, { signal }),
  });
}

export function useSetNoticeSubscription(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (subscribed: boolean) => api<NoticeSubscription>(`/customers/${customerId}/notice-${subscribed ? 'resubscribe' : 'unsubscribe'}`, { method: 'POST' }),
    onSuccess: (s) => qc.setQueryData([...key, 'subscription', customerId], s),
  });
}
