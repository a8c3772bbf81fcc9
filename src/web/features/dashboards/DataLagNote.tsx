import { Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';

interface DataLag {
  source: 'primary' | 'replica';
  seconds: number | null;
}

/**
 * When reports read from a read replica (DATABASE_REPLICA_URL), how far behind its data is: figures
 * written in the last seconds may be missing. Nothing is shown when reports read the primary.
 */
export function DataLagNote() {
  const { t } = useTranslation('dashboards');
  const lag = useQuery({
    queryKey: ['metrics', 'data-lag'],
    queryFn: ({ signal }) => api<DataLag>('/metrics/data-lag', { signal }),
    refetchInterval: 30_000,
  });
  if (!lag.data || lag.data.source !== 'replica') return null;
  const { seconds } = lag.data;
  return (
    <Tooltip label={t('dataLag.hint')} multiline w={280}>
      <Text size="xs" c={seconds === null || seconds >= 60 ? 'orange' : 'dimmed'} data-testid="reports-data-lag">
        {seconds === null ? t('dataLag.down') : t('dataLag.behind', { count: Math.round(seconds) })}
      </Text>
    </Tooltip>
  );
}
