import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AlertDto } from '../../../shared/metrics';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { ChangeBadge } from './ChangeBadge';
import { formatMeasure, formatNumber, measureChange, type Lang } from './metricFormat';

/** "p < 0,001", "p = 0,0123". */
export function formatPValue(p: number | null, lang: Lang): string {
  if (p == null) return '—';
  if (p < 0.001) return `p < ${formatNumber(0.001, lang, 3)}`;
  return `p = ${formatNumber(p, lang, 4)}`;
}

/** One early-warning alert with its evidence: recent window vs its baseline, samples, the test and p-value. */
export function AlertCard({ alert, onAcknowledge, acknowledging }: { alert: AlertDto; onAcknowledge?: () => void; acknowledging?: boolean }) {
  const { t } = useTranslation('dashboards');
  const { t: tc } = useTranslation();
  const lang = currentLanguage();
  const { evidence: ev } = alert;
  const scope =
    alert.scope.kind === 'workspace'
      ? t('alerts.scope.workspace')
      : `${t(`alerts.scope.${alert.scope.kind}`)}: ${alert.scope.kind === 'channel' ? tc(`channel.${alert.scope.label}`, { defaultValue: alert.scope.label }) : alert.scope.label}`;
  const windowBox = (label: string, w: AlertDto['evidence']['recent']) => (
    <Paper p="sm" radius="sm" bg="var(--mantine-color-gray-0)">
      <Text size="xs" c="dimmed">
        {label} · {formatDate(w.from)} – {formatDate(w.to)}
      </Text>
      <Text fw={700} fz="lg">
        {formatMeasure(alert.measure, w.value, lang)}
      </Text>
      <Text size="xs" c="dimmed">
        n = {formatNumber(w.n, lang)}
      </Text>
    </Paper>
  );
  return (
    <Paper p="md" radius="md" withBorder data-testid="alert-card" style={{ borderLeft: `4px solid var(--mantine-color-${alert.status === 'open' ? 'red' : 'gray'}-5)` }}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconAlertTriangle size={20} color={`var(--mantine-color-${alert.status === 'open' ? 'red' : 'gray'}-6)`} style={{ flex: 'none', marginTop: 2 }} />
            <div>
              <Text fw={600}>
                {t(`measures.${alert.measure}`)} — {scope}
              </Text>
              <Text size="sm">{ev.summary}</Text>
            </div>
          </Group>
          <Badge variant="light" color={alert.status === 'open' ? 'red' : alert.status === 'acknowledged' ? 'yellow' : 'gray'} style={{ flex: 'none' }}>
            {t(`alerts.status.${alert.status}`)}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
          {windowBox(t('alerts.recent'), ev.recent)}
          {windowBox(t('alerts.baseline'), ev.baseline)}
          <Paper p="sm" radius="sm" bg="var(--mantine-color-gray-0)">
            <Text size="xs" c="dimmed">
              {t('alerts.test')}
            </Text>
            <Text size="sm" fw={600}>
              {t(`alerts.tests.${ev.test}`, { defaultValue: ev.test })}
            </Text>
            <Text size="xs" c="dimmed">
              {formatPValue(ev.pValue, lang)}
              {ev.statistic != null && ` · ${t('alerts.statistic')} = ${formatNumber(ev.statistic, lang, 2)}`}
            </Text>
            <ChangeBadge change={measureChange(alert.measure, ev.recent.value, ev.baseline.value, lang)} size="xs" />
          </Paper>
        </SimpleGrid>
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {t('alerts.raised', { when: formatDateTime(alert.createdAt), seen: formatRelative(alert.lastSeenAt) })}
            {alert.acknowledgedBy && ` · ${t('alerts.acknowledgedBy', { name: alert.acknowledgedBy.name })}`}
          </Text>
          {alert.status === 'open' && onAcknowledge && (
            <Button size="xs" variant="light" leftSection={<IconCheck size={14} />} onClick={onAcknowledge} loading={acknowledging} data-testid="alert-ack">
              {t('alerts.acknowledge')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
