import { AreaChart } from '@mantine/charts';
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MeasureKey } from '../../../shared/metrics';
import { currentLanguage } from '../../lib/i18n';
import { formatMeasure, formatNumber, valueAxis } from './metricFormat';

export interface TrendPoint {
  bucket: string;
  value: number | null;
  n: number;
}

/** "05/11" — the year is in the period label already. */
const shortDay = (bucket: string) => `${bucket.slice(8, 10)}/${bucket.slice(5, 7)}`;

/** A measure over time buckets (days, weeks or months), in the measure's own unit. */
export function TrendChart({ measure, series, title, height = 240 }: { measure: MeasureKey; series: TrendPoint[]; title?: string; height?: number }) {
  const { t } = useTranslation('dashboards');
  const lang = currentLanguage();
  const name = t(`measures.${measure}`);
  const data = series.map((p) => ({ bucket: shortDay(p.bucket), [name]: p.value, n: p.n }));
  const hasData = series.some((p) => p.value != null);
  return (
    <Paper p="md" radius="md" withBorder>
      <Stack gap="xs">
        {title && <Title order={5}>{title}</Title>}
        {hasData ? (
          <AreaChart
            h={height}
            data={data}
            dataKey="bucket"
            series={[{ name, color: 'blue.6' }]}
            curveType="monotone"
            connectNulls
            withDots={series.length <= 31}
            gridAxis="y"
            valueFormatter={(v) => formatMeasure(measure, v, lang)}
            yAxisProps={valueAxis(measure, series.map((p) => p.value), lang)}
            tooltipProps={{
              content: ({ payload, label }) => {
                const p = payload?.[0]?.payload as { n: number } | undefined;
                const v = payload?.[0]?.value as number | null | undefined;
                if (!p) return null;
                return (
                  <Paper px="sm" py={6} withBorder shadow="sm">
                    <Text size="xs" c="dimmed">
                      {label}
                    </Text>
                    <Text size="sm" fw={600}>
                      {formatMeasure(measure, v ?? null, lang)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      n = {formatNumber(p.n, lang)}
                    </Text>
                  </Paper>
                );
              },
            }}
          />
        ) : (
          <Text c="dimmed" size="sm" ta="center" py="xl">
            {t('noData')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
