import { Sparkline } from '@mantine/charts';
import { Group, Paper, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MEASURE_DEFS, type MeasureKey, type Overview } from '../../../shared/metrics';
import { formatDate } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { ChangeBadge } from './ChangeBadge';
import { formatMeasure, formatNumber, measureChange } from './metricFormat';

type Kpi = Overview['kpis'][number];

const TONE_COLOR = { good: 'teal.6', bad: 'red.6', neutral: 'blue.6' } as const;

/** Why a measure has nothing to show: the source it needs has not produced anything yet. */
const EMPTY_REASON: Partial<Record<MeasureKey, string>> = {
  aht_call: 'calls',
  abandoned_call: 'calls',
  aht_chat: 'chats',
  abandoned_chat: 'chats',
  csat: 'surveys',
  nps: 'surveys',
  ces: 'surveys',
  frt: 'replies',
  frt_business: 'replies',
  response_time: 'replies',
  resolution_time: 'resolved',
  fcr: 'resolved',
  reopen_rate: 'resolved',
  sla_first_response: 'sla',
  sla_resolution: 'sla',
  volume: 'tickets',
};

/** A KPI with no observation in this period nor the one before: a card that says why instead of "—". */
export const kpiIsEmpty = (kpi: Kpi) => kpi.measure !== 'backlog' && kpi.current.n === 0 && kpi.previous.n === 0;

/** One KPI: the figure, its change against the previous period, a sparkline and the sample size. */
export function KpiCard({ kpi, previousLabel, selected, onSelect }: { kpi: Kpi; previousLabel: string; selected: boolean; onSelect: () => void }) {
  const { t } = useTranslation('dashboards');
  const lang = currentLanguage();
  const change = measureChange(kpi.measure, kpi.current.value, kpi.previous.value, lang);
  // Empty buckets stay gaps in the sparkline too (null, not dropped: dropping them joins distant days).
  const values = kpi.series.map((p) => p.value);
  const points = values.filter((v): v is number => v != null);
  const better = MEASURE_DEFS[kpi.measure].better;
  const empty = kpiIsEmpty(kpi);
  return (
    <UnstyledButton onClick={onSelect} aria-pressed={selected} data-testid={`kpi-${kpi.measure}`} style={{ display: 'block', height: '100%' }}>
      <Paper
        p={{ base: 'sm', sm: 'md' }}
        radius="md"
        withBorder
        h="100%"
        style={{ borderColor: selected ? 'var(--mantine-color-blue-5)' : undefined, boxShadow: selected ? '0 0 0 1px var(--mantine-color-blue-5)' : undefined }}
      >
        <Stack gap={6}>
          <Tooltip label={t(`measureHelp.${kpi.measure}`)} multiline w={260} withArrow openDelay={400}>
            <Text size="sm" c="dimmed" fw={500} truncate="end">
              {t(`measures.${kpi.measure}`)}
            </Text>
          </Tooltip>
          {empty ? (
            <Text size="sm" c="dimmed" lh={1.35} data-testid="kpi-empty">
              {t(`kpiEmpty.${EMPTY_REASON[kpi.measure] ?? 'generic'}`)}
            </Text>
          ) : (
            <Text fz={{ base: 20, sm: 26 }} fw={700} lh={1.1} data-testid="kpi-value" style={{ whiteSpace: 'nowrap' }}>
              {formatMeasure(kpi.measure, kpi.current.value, lang)}
            </Text>
          )}
          {empty ? null : points.length > 1 ? (
            <Sparkline
              w="100%"
              h={32}
              data={values}
              connectNulls={false}
              curveType="linear"
              color={better === 'neutral' ? 'blue.6' : TONE_COLOR[change?.tone ?? 'neutral']}
              fillOpacity={0.25}
              strokeWidth={1.6}
            />
          ) : (
            <div style={{ height: 32 }} />
          )}
          {!empty && (
            <Group justify="space-between" gap={4} wrap="wrap">
              <Tooltip label={t('kpi.previous', { period: previousLabel, value: formatMeasure(kpi.measure, kpi.previous.value, lang) })} withArrow>
                <div>
                  <ChangeBadge change={change} size="xs" />
                </div>
              </Tooltip>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="kpi-n">
                n = {formatNumber(kpi.current.n, lang)}
              </Text>
            </Group>
          )}
        </Stack>
      </Paper>
    </UnstyledButton>
  );
}

/** "01/10/2026 – 31/10/2026". */
export const rangeLabel = (from: string, to: string) => `${formatDate(from)} – ${formatDate(to)}`;
