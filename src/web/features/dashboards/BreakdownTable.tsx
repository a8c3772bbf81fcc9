import { Anchor, Button, Group, Paper, ScrollArea, Skeleton, Table, Tabs, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Breakdown, MeasureKey } from '../../../shared/metrics';
import { PageError } from '../../components/PageError';
import { currentLanguage } from '../../lib/i18n';
import { ChangeBadge } from './ChangeBadge';
import { breakdownCsvUrl, useBreakdown, type DashboardQuery } from './dashboardsApi';
import { formatMeasure, formatNumber, measureChange } from './metricFormat';
import { tagLabel } from '../../components/TagList';

const DIMENSIONS = ['channel', 'team', 'agent', 'category', 'priority', 'tag'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** One measure split by channel, team, agent, category, priority or tag, each table downloadable as CSV. */
export function BreakdownTables({ measure, query, periodSearch }: { measure: MeasureKey; query: DashboardQuery; /** ?period=… for links to scorecards */ periodSearch: string }) {
  const { t } = useTranslation('dashboards');
  const [by, setBy] = useState<Dimension>('channel');
  return (
    <Paper p="md" radius="md" withBorder>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={5}>{t('breakdown.title', { measure: t(`measures.${measure}`) })}</Title>
        <Button
          component="a"
          href={breakdownCsvUrl(measure, by, query)}
          download
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} />}
          data-testid="breakdown-csv"
        >
          {t('breakdown.csv')}
        </Button>
      </Group>
      <Tabs value={by} onChange={(v) => v && setBy(v as Dimension)} keepMounted={false}>
        <ScrollArea type="auto" scrollbarSize={4}>
          <Tabs.List style={{ flexWrap: 'nowrap' }}>
            {DIMENSIONS.map((d) => (
              <Tabs.Tab key={d} value={d} data-testid={`breakdown-tab-${d}`}>
                {t(`dimensions.${d}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </ScrollArea>
        {DIMENSIONS.map((d) => (
          <Tabs.Panel key={d} value={d} pt="xs">
            <BreakdownPanel measure={measure} by={d} query={query} periodSearch={periodSearch} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Paper>
  );
}

function BreakdownPanel({ measure, by, query, periodSearch }: { measure: MeasureKey; by: Dimension; query: DashboardQuery; periodSearch: string }) {
  const table = useBreakdown(measure, by, query);
  if (table.isError) return <PageError error={table.error} />;
  if (!table.data) return <Skeleton h={160} radius="sm" />;
  return <BreakdownRows data={table.data} by={by} periodSearch={periodSearch} />;
}

function BreakdownRows({ data, by, periodSearch }: { data: Breakdown; by: Dimension; periodSearch: string }) {
  const { t } = useTranslation('dashboards');
  const { t: tc } = useTranslation();
  const lang = currentLanguage();
  const label = (key: string, fallback: string) => {
    if (by === 'channel') return tc(`channel.${key}`, { defaultValue: fallback });
    if (by === 'priority') return tc(`priority.${key}`, { defaultValue: fallback });
    if (by === 'tag' && key) return tagLabel(key);
    return fallback || t('breakdown.none');
  };
  const rows = [...data.rows].sort((a, b) => b.current.n - a.current.n);
  if (rows.length === 0) {
    return (
      <Text c="dimmed" size="sm" ta="center" py="lg">
        {t('noData')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped highlightOnHover verticalSpacing={6} data-testid={`breakdown-${by}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(`dimensions.${by}`)}</Table.Th>
            <Table.Th ta="right">{t('breakdown.current')}</Table.Th>
            <Table.Th ta="right">{t('breakdown.previous')}</Table.Th>
            <Table.Th ta="right">{t('breakdown.change')}</Table.Th>
            <Table.Th ta="right">n</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>
                {by === 'agent' && r.key ? (
                  <Anchor component={Link} to={`/reports/agents/${r.key}${periodSearch}`} size="sm">
                    {label(r.key, r.label)}
                  </Anchor>
                ) : (
                  label(r.key, r.label)
                )}
              </Table.Td>
              <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {formatMeasure(data.measure, r.current.value, lang)}
              </Table.Td>
              <Table.Td ta="right" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {formatMeasure(data.measure, r.previous.value, lang)}
              </Table.Td>
              <Table.Td>
                <Group justify="flex-end">
                  <ChangeBadge change={measureChange(data.measure, r.current.value, r.previous.value, lang)} size="xs" />
                </Group>
              </Table.Td>
              <Table.Td ta="right" c="dimmed">
                {formatNumber(r.current.n, lang)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
