import { Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { AlertCheck } from '../../../shared/metrics';
import { currentLanguage } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { useAlertChecks } from './dashboardsApi';
import { formatMeasure, formatNumber, measureChange } from './metricFormat';

const VERDICT_COLOR: Record<AlertCheck['verdict'], string> = {
  alarm: 'red',
  not_significant: 'yellow',
  too_small: 'yellow',
  not_worse: 'teal',
  too_few: 'gray',
  no_data: 'gray',
};
// Measures with something to say first: alarms, then changes not (yet) significant, then the rest.
const ORDER: AlertCheck['verdict'][] = ['alarm', 'not_significant', 'too_small', 'too_few', 'not_worse', 'no_data'];

/** "p = 0,21" in the reader's language; "p < 0,0001" for tiny values. */
const pText = (p: number | null, lang: 'vi' | 'en') => (p === null ? '—' : p < 0.0001 ? `p < ${formatNumber(0.0001, lang, 4)}` : `p = ${formatNumber(p, lang, p < 0.01 ? 4 : 2)}`);

/**
 * Under the alerts: every watched measure of the whole workspace, last 7 days against the 28 before,
 * and why it did or did not raise an alert — so "no alert" never reads as "stable" when a figure moved
 * but the change could be chance (n, p) or was not even testable.
 */
export function AlertChecks() {
  const { t } = useTranslation('dashboards');
  const lang = currentLanguage();
  const narrow = useMediaQuery('(max-width: 48em)');
  const checks = useAlertChecks();
  if (!checks.data) return null;
  const list = [...checks.data].filter((c) => c.verdict !== 'no_data').sort((a, b) => ORDER.indexOf(a.verdict) - ORDER.indexOf(b.verdict));
  const noData = checks.data.filter((c) => c.verdict === 'no_data').length;
  const first = checks.data[0];
  const why = (c: AlertCheck) =>
    t(`checks.why.${c.verdict}`, {
      p: pText(c.adjustedP, lang),
      alpha: formatNumber(c.alpha, lang, 2),
      min: c.minSamples,
      recentN: formatNumber(c.recent.n, lang),
      baselineN: formatNumber(c.baseline.n, lang),
    });
  const change = (c: AlertCheck) => measureChange(c.measure, c.recent.value, c.baseline.value, lang)?.text ?? '—';

  return (
    <Paper p="md" radius="md" withBorder data-testid="alert-checks">
      <Stack gap="xs">
        <Title order={5}>{t('checks.title')}</Title>
        {first && (
          <Text size="sm" c="dimmed">
            {t('checks.windows', {
              recent: `${formatDate(first.recent.from)} – ${formatDate(first.recent.to)}`,
              baseline: `${formatDate(first.baseline.from)} – ${formatDate(first.baseline.to)}`,
            })}
          </Text>
        )}
        {list.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('checks.nothing')}
          </Text>
        ) : narrow ? (
          <Stack gap="xs">
            {list.map((c) => (
              <Paper key={c.measure} p="sm" radius="sm" bg="gray.0" data-testid={`check-${c.measure}`}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={600}>
                    {t(`measures.${c.measure}`)}
                  </Text>
                  <Badge color={VERDICT_COLOR[c.verdict]} variant="light" size="sm">
                    {t(`checks.verdict.${c.verdict}`)}
                  </Badge>
                </Group>
                <Text size="sm">
                  {formatMeasure(c.measure, c.baseline.value, lang)} → {formatMeasure(c.measure, c.recent.value, lang)} ({change(c)})
                </Text>
                <Text size="xs" c="dimmed">
                  {why(c)}
                </Text>
              </Paper>
            ))}
          </Stack>
        ) : (
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('checks.measure')}</Table.Th>
                <Table.Th>{t('alerts.baseline')}</Table.Th>
                <Table.Th>{t('alerts.recent')}</Table.Th>
                <Table.Th>{t('checks.change')}</Table.Th>
                <Table.Th>{t('checks.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((c) => (
                <Table.Tr key={c.measure} data-testid={`check-${c.measure}`}>
                  <Table.Td fw={500}>{t(`measures.${c.measure}`)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatMeasure(c.measure, c.baseline.value, lang)} <Text span size="xs" c="dimmed">n = {formatNumber(c.baseline.n, lang)}</Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatMeasure(c.measure, c.recent.value, lang)} <Text span size="xs" c="dimmed">n = {formatNumber(c.recent.n, lang)}</Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{change(c)}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap" align="flex-start">
                      <Badge color={VERDICT_COLOR[c.verdict]} variant="light" size="sm" style={{ flexShrink: 0 }}>
                        {t(`checks.verdict.${c.verdict}`)}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {why(c)}
                      </Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {noData > 0 && (
          <Text size="xs" c="dimmed">
            {t('checks.noDataCount', { count: noData })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
