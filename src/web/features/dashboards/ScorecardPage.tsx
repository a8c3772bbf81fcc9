import { LineChart } from '@mantine/charts';
import { Group, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import type { Scorecard } from '../../../shared/metrics';
import { PageError } from '../../components/PageError';
import { useUsers } from '../../lib/directory';
import { currentLanguage } from '../../lib/i18n';
import { ChangeBadge } from './ChangeBadge';
import { DashboardFiltersBar } from './DashboardFiltersBar';
import { useScorecard } from './dashboardsApi';
import { rangeLabel } from './KpiCard';
import { Leaderboard } from './Leaderboard';
import { formatMeasure, formatNumber, measureChange, valueAxis } from './metricFormat';
import { useDashboardFilters } from './useDashboardFilters';

/**
 * /reports/agents/:id (supervisors, any agent) and /reports/me (everyone, their own): this period
 * against the previous one and the whole workspace, with weekly trend lines — to see whether coaching
 * or training moved the figures.
 */
export function ScorecardPage({ agentId, canPick }: { agentId: string | undefined; canPick: boolean }) {
  const { t } = useTranslation('dashboards');
  const { filters, update } = useDashboardFilters();
  const users = useUsers();
  const navigate = useNavigate();
  const { search } = useLocation();
  const card = useScorecard(agentId, filters.from, filters.to);
  const agentOptions = (users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  // An agent who left (inactive) still has a scorecard: keep their name in the picker.
  if (agentId && card.data && !agentOptions.some((o) => o.value === agentId)) agentOptions.push({ value: agentId, label: card.data.agent.name });

  return (
    <Stack gap="md">
      <DashboardFiltersBar
        filters={filters}
        update={update}
        periodOnly
        leading={
          canPick && (
            <Select
              label={t('scorecard.agent')}
              placeholder={t('scorecard.pickAgent')}
              data={agentOptions}
              value={agentId ?? null}
              onChange={(v) => v && navigate(`/reports/agents/${v}${search}`)}
              searchable
              leftSection={<IconUser size={16} />}
              w={260}
              data-testid="scorecard-agent"
            />
          )
        }
      />
      {/* Managers: the whole team side by side above (or instead of) one agent's card. */}
      {canPick && <Leaderboard from={filters.from} to={filters.to} />}
      {!agentId ? (
        <Paper p="xl" radius="md" withBorder>
          <Text c="dimmed" ta="center">
            {t('scorecard.pickAgentHint')}
          </Text>
        </Paper>
      ) : card.isError ? (
        <PageError error={card.error} />
      ) : !card.data ? (
        <Skeleton h={320} radius="md" />
      ) : (
        <ScorecardView card={card.data} />
      )}
    </Stack>
  );
}

function ScorecardView({ card }: { card: Scorecard }) {
  const { t } = useTranslation('dashboards');
  const lang = currentLanguage();
  return (
    <Stack gap="md" data-testid="scorecard">
      <Paper p="md" radius="md" withBorder>
        <Group justify="space-between" mb="xs" wrap="wrap">
          <Title order={4} data-testid="scorecard-name">
            {card.agent.name}
          </Title>
          <Text size="sm" c="dimmed">
            {rangeLabel(card.from, card.to)}
          </Text>
        </Group>
        <Stack gap={0} hiddenFrom="sm">
          {card.measures.map((m) => (
            <Group key={m.measure} justify="space-between" wrap="nowrap" py={8} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }} data-testid={`scorecard-row-${m.measure}`}>
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500}>
                  {t(`measures.${m.measure}`)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('scorecard.previous')}: {formatMeasure(m.measure, m.previous.value, lang)} · {t('scorecard.workspace')}: {formatMeasure(m.measure, m.workspace.value, lang)}
                </Text>
              </div>
              <Stack gap={0} align="flex-end" style={{ flex: 'none' }}>
                <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
                  {formatMeasure(m.measure, m.current.value, lang)}
                </Text>
                <ChangeBadge change={measureChange(m.measure, m.current.value, m.previous.value, lang)} size="xs" />
              </Stack>
            </Group>
          ))}
        </Stack>
        <Table.ScrollContainer minWidth={560} visibleFrom="sm">
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('scorecard.measure')}</Table.Th>
                <Table.Th ta="right">{t('scorecard.current')}</Table.Th>
                <Table.Th ta="right">{t('scorecard.previous')}</Table.Th>
                <Table.Th ta="right">{t('scorecard.change')}</Table.Th>
                <Table.Th ta="right">{t('scorecard.workspace')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {card.measures.map((m) => (
                <Table.Tr key={m.measure} data-testid={`scorecard-${m.measure}`}>
                  <Table.Td fw={500}>{t(`measures.${m.measure}`)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Text span fw={700}>
                      {formatMeasure(m.measure, m.current.value, lang)}
                    </Text>
                    <Text span size="xs" c="dimmed">
                      {' '}
                      (n = {formatNumber(m.current.n, lang)})
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {formatMeasure(m.measure, m.previous.value, lang)}
                  </Table.Td>
                  <Table.Td>
                    <Group justify="flex-end">
                      <ChangeBadge change={measureChange(m.measure, m.current.value, m.previous.value, lang)} size="xs" />
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {formatMeasure(m.measure, m.workspace.value, lang)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        {card.measures.map((m) => {
          const name = t(`measures.${m.measure}`);
          const hasData = m.series.some((p) => p.value != null);
          return (
            <Paper key={m.measure} p="md" radius="md" withBorder>
              <Text fw={600} size="sm" mb="xs">
                {t('scorecard.trend', { measure: name })}
              </Text>
              {hasData ? (
                <LineChart
                  h={160}
                  data={m.series.map((p) => ({ bucket: `${p.bucket.slice(8, 10)}/${p.bucket.slice(5, 7)}`, [name]: p.value }))}
                  dataKey="bucket"
                  series={[{ name, color: 'blue.6' }]}
                  curveType="monotone"
                  connectNulls
                  gridAxis="y"
                  withLegend={false}
                  valueFormatter={(v) => formatMeasure(m.measure, v, lang)}
                  yAxisProps={valueAxis(m.measure, [...m.series.map((p) => p.value), m.workspace.value], lang)}
                  referenceLines={
                    // The team's volume is a total, not comparable with one agent's weekly count.
                    m.workspace.value != null && m.measure !== 'volume' ? [{ y: m.workspace.value, label: t('scorecard.workspaceLine'), color: 'gray.5', labelPosition: 'insideBottomLeft' }] : []
                  }
                />
              ) : (
                <Text c="dimmed" size="sm" ta="center" py="lg">
                  {t('noData')}
                </Text>
              )}
            </Paper>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
