import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { onRealtimeEvent, useRealtime } from '../../lib/realtime';
import { dashboardKeys } from './dashboardsApi';

/** Keeps the alert counts current: an alert raised, acknowledged or resolved arrives on the 'alerts' topic. */
export function useAlertsRefresh(enabled: boolean) {
  useRealtime([enabled && 'alerts']);
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    return onRealtimeEvent((_event, topics) => {
      if (topics.includes('alerts')) void client.invalidateQueries({ queryKey: dashboardKeys.alertsAll });
    });
  }, [client, enabled]);
}
