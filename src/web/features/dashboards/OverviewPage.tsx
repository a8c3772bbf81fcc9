import { Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { MEASURES, type MeasureKey } from '../../../shared/metrics';
import { PageError } from '../../components/PageError';
import { BreakdownTables } from './BreakdownTable';
import { DashboardFiltersBar } from './DashboardFiltersBar';
import { useOverview } from './dashboardsApi';
import { KpiCard, kpiIsEmpty, rangeLabel } from './KpiCard';
import { TrendChart } from './TrendChart';
import { useDashboardFilters } from './useDashboardFilters';

/** /reports: KPI cards, the trend of the chosen measure and its breakdown tables, for the filtered period. */
export function OverviewPage() {
  const { t } = useTranslation('dashboards');
  const { filters, query, update } = useDashboardFilters();
  const [params] = useSearchParams();
  const overview = useOverview(query);
  const m = params.get('measure');
  const kpis = overview.data?.kpis ?? [];
  // Without a choice in the URL: CSAT, or the first measure that has data (a workspace without surveys yet).
  const fallback = kpis.find((k) => k.measure === 'csat' && k.current.n > 0)?.measure ?? kpis.find((k) => k.current.n > 0)?.measure ?? 'csat';
  const measure: MeasureKey = (MEASURES as string[]).includes(m ?? '') ? (m as MeasureKey) : fallback;
  const selected = kpis.find((k) => k.measure === measure);
  // The scorecard opened from an agent row shows the same period.
  const periodSearch = filters.preset === 'custom' ? `?period=custom&from=${filters.from}&to=${filters.to}` : `?period=${filters.preset}`;
  const previousLabel = overview.data ? rangeLabel(overview.data.previousFrom, overview.data.previousTo) : '';

  return (
    <Stack gap="md">
      <DashboardFiltersBar filters={filters} update={update} />
      <Group justify="space-between" gap="xs">
        <Text size="sm" c="dimmed" data-testid="period-label">
          {t('overview.period', { current: rangeLabel(filters.from, filters.to), previous: previousLabel || '…' })}
        </Text>
        {overview.isFetching && (
          <Text size="xs" c="dimmed">
            {t('loading')}
          </Text>
        )}
      </Group>
      {overview.isError ? (
        <PageError error={overview.error} />
      ) : !overview.data ? (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} h={120} radius="md" />
          ))}
        </SimpleGrid>
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 3, lg: 4, xl: 5 }} spacing="sm" data-testid="kpi-grid">
            {/* Measures with data first; those without say why (no calls yet — connect the phone system). */}
            {[...kpis.filter((k) => !kpiIsEmpty(k)), ...kpis.filter(kpiIsEmpty)].map((k) => (
              <KpiCard key={k.measure} kpi={k} previousLabel={previousLabel} selected={k.measure === measure} onSelect={() => update({ measure: k.measure })} />
            ))}
          </SimpleGrid>
          {selected && (
            <TrendChart
              measure={measure}
              series={selected.series}
              title={t('overview.trend', { measure: t(`measures.${measure}`), granularity: t(`filters.granularities.${overview.data.granularity}`).toLowerCase() })}
            />
          )}
          <BreakdownTables measure={measure} query={query} periodSearch={periodSearch} />
        </>
      )}
    </Stack>
  );
}
