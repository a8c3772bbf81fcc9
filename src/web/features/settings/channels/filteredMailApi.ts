import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { FiledMail, FilteredMailList, FilteredMailReason } from '../../../../shared/filtered-mail';
import { api } from '../../../lib/api';

const key = (accountId: string, reason?: FilteredMailReason) => ['filtered-mail', accountId, reason ?? 'all'] as const;

/** A mailbox's filtered mail, newest first, page by page. */
export function useFilteredMail(accountId: string, reason?: FilteredMailReason) {
  return useInfiniteQuery({
    queryKey: key(accountId, reason),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api<FilteredMailList>(`/channel-accounts/${accountId}/filtered-mail`, { query: { reason, cursor: pageParam, limit: 30 } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** "File it anyway": the mail goes through the normal inbound door and opens or joins a ticket. */
export function useFileFilteredMail(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (mailId: string) => api<FiledMail>(`/channel-accounts/${accountId}/filtered-mail/${mailId}/file`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['filtered-mail', accountId] }),
  });
}
