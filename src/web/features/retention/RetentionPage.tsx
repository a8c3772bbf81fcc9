import { Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { RetentionFigures } from '../../../shared/retention';
import { PageError } from '../../components/PageError';
import { DashboardFiltersBar } from '../dashboards/DashboardFiltersBar';
import { rangeLabel } from '../dashboards/KpiCard';
import { dayCount } from '../dashboards/periods';
import { useDashboardFilters } from '../dashboards/useDashboardFilters';
import { FiguresTable } from './FiguresTable';
import { money, num, pct } from './format';
import { retentionCsvUrl, useRetention, type RetentionQuery } from './retentionApi';
import { RetentionTrend } from './RetentionTrend';
import { ServiceValueSection } from './ServiceValueSection';

const NONE = '__none';
type Key = 'crr' | 'churnRate' | 'new' | 'end' | 'avgClv' | 'repeatRate' | 'revenue' | 'aov';
const TILES: { key: Key; label: string; fmt: (v: number | null) => string; better: 'up' | 'down' }[] = [
  { key: 'crr', label: 'kpi.crr', fmt: pct, better: 'up' },
  { key: 'churnRate', label: 'kpi.churn', fmt: pct, better: 'down' },
  { key: 'end', label: 'kpi.active', fmt: (v) => num(v), better: 'up' },
  { key: 'new', label: 'kpi.new', fmt: (v) => num(v), better: 'up' },
  { key: 'avgClv', label: 'kpi.clv', fmt: money, better: 'up' },
  { key: 'repeatRate', label: 'kpi.repeat', fmt: pct, better: 'up' },
  { key: 'revenue', label: 'kpi.revenue', fmt: money, better: 'up' },
  { key: 'aov', label: 'kpi.aov', fmt: money, better: 'up' },
];

function Tile({ label, value, previous, hint }: { label: string; value: string; previous: string; hint?: string }) {
  const { t } = useTranslation('retention');
  return (
    <Paper p="md" radius="md" withBorder>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fw={700} fz={22} mt={4}>{value}</Text>
      <Text size="xs" c="dimmed">{t('previous', { value: previous })}</Text>
      {hint && <Text size="xs" c="dimmed" mt={2}>{hint}</Text>}
    </Paper>
  );
}

/**
 * /reports/retention ("Giữ chân & giá trị"): CRR, churn and CLV for the period next to the previous
 * one, their trend, by channel of acquisition and segment, and what service is worth (service ↔ value).
 */
export function RetentionPage() {
  const { t } = useTranslation('retention');
  const { filters, update } = useDashboardFilters();
  const [params] = useSearchParams();
  const g = params.get('rg');
  const granularity: RetentionQuery['granularity'] = g === 'day' || g === 'week' || g === 'month' ? g : dayCount(filters.from, filters.to) > 62 ? 'month' : 'week';
  const query: RetentionQuery = {
    from: filters.from,
    to: filters.to,
    granularity,
    ...(params.get('rchannel') ? { channel: params.get('rchannel')! } : {}),
    // "__none" in the URL: customers without a segment (the URL drops empty values).
    ...(params.get('segment') ? { segment: params.get('segment') === NONE ? '' : params.get('segment')! } : {}),
    ...(filters.segmentId ? { segmentId: filters.segmentId } : {}),
  };
  const report = useRetention(query);
  const r = report.data;
  const channels = r ? r.byChannel.map((x) => x.key) : [];
  const segments = r ? r.bySegment.map((x) => x.key) : [];
  const segLabel = (k: string) => (k === '' ? t('segmentNone') : k);
  const chLabel = (k: string) => t(`channels.${k}`, { defaultValue: k });
  const clvHint = (c: RetentionFigures) =>
    c.avgOrderValue !== null && c.purchasesPerYear !== null && c.lifespanYears !== null
      ? t('kpi.clvFormula', { aov: money(c.avgOrderValue), freq: num(c.purchasesPerYear, 1), years: num(c.lifespanYears, 2) })
      : undefined;

  return (
    <Stack gap="md" data-testid="retention-page">
      <DashboardFiltersBar filters={filters} update={update} periodOnly withSegment />
      <Paper p="sm" radius="md" withBorder>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <div>
            <Text size="sm" fw={500} mb={4}>{t('filters.granularity')}</Text>
            <SegmentedControl
              aria-label={t('filters.granularity')}
              data={(['day', 'week', 'month'] as const).map((x) => ({ value: x, label: t(`filters.granularities.${x}`) }))}
              value={granularity}
              onChange={(v) => update({ rg: v })}
            />
          </div>
          <Select
            label={t('filters.channel')}
            placeholder={t('filters.all')}
            clearable
            data={[...new Set([...channels, ...(query.channel ? [query.channel] : [])])].map((k) => ({ value: k, label: chLabel(k) }))}
            value={query.channel ?? null}
            onChange={(v) => update({ rchannel: v })}
            style={{ flex: '1 1 150px', maxWidth: 220 }}
            data-testid="retention-channel"
          />
          <Select
            label={t('filters.segment')}
            placeholder={t('filters.all')}
            clearable
            data={[...new Set([...segments, ...(query.segment !== undefined ? [query.segment] : [])])].map((k) => ({ value: k === '' ? NONE : k, label: segLabel(k) }))}
            value={query.segment === undefined ? null : query.segment === '' ? NONE : query.segment}
            onChange={(v) => update({ segment: v })}
            style={{ flex: '1 1 150px', maxWidth: 220 }}
            data-testid="retention-segment"
          />
          <Button component="a" href={retentionCsvUrl(query)} variant="default" leftSection={<IconDownload size={16} />} ml="auto" data-testid="retention-csv">
            {t('csv')}
          </Button>
        </Group>
      </Paper>
      <Text size="sm" c="dimmed" data-testid="retention-period">
        {t('period', { current: rangeLabel(filters.from, filters.to), previous: r ? rangeLabel(r.previous.from, r.previous.to) : '…', window: r?.activityWindowDays ?? '…' })}
      </Text>
      {report.isError ? (
        <PageError error={report.error} />
      ) : !r ? (
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
          {Array.from({ length: 8 }, (_, i) => <Skeleton key={i} h={100} radius="md" />)}
        </SimpleGrid>
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" data-testid="retention-kpis">
            {TILES.map((x) => (
              <Tile
                key={x.key}
                label={t(x.label)}
                value={x.fmt(r.current[x.key])}
                previous={x.fmt(r.previous[x.key])}
                hint={x.key === 'crr' ? t('kpi.crrHint', { s: r.current.start, e: r.current.end, n: r.current.new }) : x.key === 'avgClv' ? clvHint(r.current) : undefined}
              />
            ))}
          </SimpleGrid>
          <RetentionTrend report={r} />
          <Stack gap="md">
            <FiguresTable title={t('byChannel')} rows={r.byChannel.map((x) => ({ ...x, label: chLabel(x.key) }))} testId="retention-by-channel" />
            <FiguresTable title={t('bySegment')} rows={r.bySegment.map((x) => ({ ...x, label: segLabel(x.key) }))} testId="retention-by-segment" />
          </Stack>
        </>
      )}
      <ServiceValueSection from={filters.from} to={filters.to} segmentId={filters.segmentId} />
    </Stack>
  );
}
