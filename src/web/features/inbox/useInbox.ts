import { useInfiniteQuery } from '@tanstack/react-query';
import { qk } from '../../lib/queryKeys';
import { useRealtime } from '../../lib/realtime';
import { fetchInbox, type InboxQuery } from '../tickets/ticketApi';

/** The inbox list, page by page (keyset cursor), refreshed live by events on the "inbox" topic. */
export function useInbox(query: InboxQuery, enabled = true) {
  useRealtime(['inbox']);
  return useInfiniteQuery({
    queryKey: qk.tickets({ ...query }),
    queryFn: ({ pageParam, signal }) => fetchInbox(query, pageParam, signal),
    initialPageParam: null as string | null,
    enabled,
    getNextPageParam: (last) => last.nextCursor,
    // Relative times ("5 phút trước") stay current without a reload.
    refetchInterval: 60_000,
  });
}
