import { Paper, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageError } from '../../components/PageError';
import { notifyError } from '../../lib/apiErrors';
import { AlertCard } from './AlertCard';
import { AlertChecks } from './AlertChecks';
import { useAcknowledgeAlert, useAlerts } from './dashboardsApi';

const STATUSES = ['open', 'acknowledged', 'resolved'] as const;
type Status = (typeof STATUSES)[number];

/** /reports/alerts: early warnings with their evidence; a supervisor acknowledges what they are handling. */
export function AlertsPage() {
  const { t } = useTranslation('dashboards');
  const [params, setParams] = useSearchParams();
  const s = params.get('status');
  const status: Status = (STATUSES as readonly string[]).includes(s ?? '') ? (s as Status) : 'open';
  const alerts = useAlerts(status);
  const ack = useAcknowledgeAlert();

  return (
    <Stack gap="md">
      <SegmentedControl
        w="fit-content"
        data={STATUSES.map((x) => ({ value: x, label: t(`alerts.statusTabs.${x}`) }))}
        value={status}
        onChange={(v) => setParams({ status: v }, { replace: true })}
      />
      {alerts.isError ? (
        <PageError error={alerts.error} />
      ) : !alerts.data ? (
        <Skeleton h={200} radius="md" />
      ) : alerts.data.length === 0 ? (
        <Paper p="xl" radius="md" withBorder>
          <Text c="dimmed" ta="center">
            {t(`alerts.empty.${status}`)}
          </Text>
        </Paper>
      ) : (
        alerts.data.map((a) => (
          <AlertCard
            key={a.id}
            alert={a}
            acknowledging={ack.isPending && ack.variables === a.id}
            onAcknowledge={() => ack.mutate(a.id, { onError: notifyError })}
          />
        ))
      )}
      {status === 'open' && <AlertChecks />}
    </Stack>
  );
}
