import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { qk } from '../../lib/queryKeys';
import { useRealtime } from '../../lib/realtime';
import { fetchInbox, fetchViewCounts, type InboxQuery } from './inboxApi';

/** The inbox list, page by page (keyset cursor), refreshed live by events on the "inbox" topic. */
export function useInbox(query: InboxQuery, enabled = true) {
  useRealtime(['inbox']);
  return useInfiniteQuery({
    queryKey: qk.tickets({ ...query }),
    queryFn: ({ pageParam, signal }) => fetchInbox(query, pageParam, signal),
    initialPageParam: null as string | null,
    enabled,
    getNextPageParam: (last) => last.nextCursor,
    // Times and SLA countdowns ("còn 20 phút") stay current without a reload.
    refetchInterval: 60_000,
  });
}

/** Open tickets per view; under the tickets key, so the inbox topic's events refresh it too. */
export function useViewCounts(teamId: string | undefined) {
  return useQuery({
    queryKey: [...qk.tickets(), 'view-counts', teamId ?? null],
    queryFn: ({ signal }) => fetchViewCounts(teamId, signal),
    refetchInterval: 60_000,
  });
}
