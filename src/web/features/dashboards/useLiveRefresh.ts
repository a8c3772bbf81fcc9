import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { onRealtimeEvent, useRealtime } from '../../lib/realtime';
import { dashboardKeys } from './dashboardsApi';

/**
 * Refreshes the live view when something happens in the inbox (new ticket, reply, assignment, status),
 * at most once a second so a burst of events costs one request.
 */
export function useLiveRefresh() {
  useRealtime(['inbox']);
  const client = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onRealtimeEvent((_event, topics) => {
      if (!topics.includes('inbox') || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void client.invalidateQueries({ queryKey: dashboardKeys.live });
      }, 1000);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client]);
}
