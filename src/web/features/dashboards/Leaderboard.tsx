import { Anchor, Group, Paper, Skeleton, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { LEADERBOARD_MEASURES, MEASURE_DEFS, type MeasureValue } from '../../../shared/metrics';
import { PageError } from '../../components/PageError';
import { currentLanguage } from '../../lib/i18n';
import { useLeaderboard } from './dashboardsApi';
import { formatMeasure, formatNumber } from './metricFormat';

type Column = 'name' | (typeof LEADERBOARD_MEASURES)[number];

/** Sorting by a figure: agents without data last whatever the direction. */
function compareValues(a: MeasureValue, b: MeasureValue, dir: 1 | -1): number {
  if (a.value == null && b.value == null) return 0;
  if (a.value == null) return 1;
  if (b.value == null) return -1;
  return (a.value - b.value) * dir;
}

/**
 * The team side by side (issue 10 §9): one row per agent with the scorecard's measures for the period,
 * every column sortable (best first on the first click: lowest times, highest rates), the workspace's
 * figures as the last row, each name a link to that agent's scorecard for the same period.
 */
export function Leaderboard({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation('dashboards');
  const lang = currentLanguage();
  const { search } = useLocation();
  const board = useLeaderboard(from, to);
  const [sort, setSort] = useState<{ col: Column; dir: 1 | -1 }>({ col: 'volume', dir: -1 });

  const bestFirst = (col: Column): 1 | -1 => (col === 'name' ? 1 : MEASURE_DEFS[col].better === 'lower' ? 1 : -1);
  const toggle = (col: Column) => setSort((s) => (s.col === col ? { col, dir: s.dir === 1 ? -1 : 1 } : { col, dir: bestFirst(col) }));
  const rows = [...(board.data?.agents ?? [])].sort((a, b) =>
    sort.col === 'name' ? a.name.localeCompare(b.name, lang) * sort.dir : compareValues(a.measures[sort.col], b.measures[sort.col], sort.dir) || a.name.localeCompare(b.name, lang),
  );
  const header = (col: Column, label: string) => (
    <Table.Th style={{ whiteSpace: 'nowrap' }} ta={col === 'name' ? undefined : 'right'} aria-sort={sort.col === col ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => toggle(col)} data-testid={`leaderboard-sort-${col}`}>
        <Group gap={4} wrap="nowrap" justify={col === 'name' ? 'flex-start' : 'flex-end'}>
          <Text size="sm" fw={600}>
            {label}
          </Text>
          {sort.col !== col ? <IconSelector size={14} /> : sort.dir === 1 ? <IconArrowUp size={14} /> : <IconArrowDown size={14} />}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
  const cell = (m: (typeof LEADERBOARD_MEASURES)[number], v: MeasureValue) => (
    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
      {v.value == null ? (
        <Text span c="dimmed" size="sm">
          —
        </Text>
      ) : (
        <>
          {formatMeasure(m, v.value, lang)}
          {m !== 'volume' && (
            <Text span size="xs" c="dimmed">
              {' '}
              n={formatNumber(v.n, lang)}
            </Text>
          )}
        </>
      )}
    </Table.Td>
  );

  return (
    <Paper p="md" radius="md" withBorder data-testid="leaderboard">
      <Stack gap="xs">
        <Title order={5}>{t('leaderboard.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('leaderboard.hint')}
        </Text>
        {board.isError ? (
          <PageError error={board.error} />
        ) : !board.data ? (
          <Skeleton h={160} />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  {header('name', t('leaderboard.agent'))}
                  {LEADERBOARD_MEASURES.map((m) => header(m, t(`measures.${m}`)))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((a) => (
                  <Table.Tr key={a.id} data-testid="leaderboard-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/reports/agents/${a.id}${search}`} size="sm" fw={500}>
                        {a.name}
                      </Anchor>
                    </Table.Td>
                    {LEADERBOARD_MEASURES.map((m) => (
                      <Fragment key={m}>{cell(m, a.measures[m])}</Fragment>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr fw={600}>
                  <Table.Td>{t('leaderboard.workspace')}</Table.Td>
                  {LEADERBOARD_MEASURES.map((m) => (
                    <Fragment key={m}>{cell(m, board.data.workspace[m])}</Fragment>
                  ))}
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
