import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MEASURE_DEFS, type MeasureKey, type SeriesPoint } from '../../../shared/metrics';
import { MIN_POINT_N } from '../../../shared/wilson';
import { currentLanguage } from '../../lib/i18n';
import { formatMeasure, formatNumber, valueAxis } from './metricFormat';

export type TrendPoint = SeriesPoint;

/** "05/11" — the year is in the period label already. */
const shortDay = (bucket: string) => `${bucket.slice(8, 10)}/${bucket.slice(5, 7)}`;

interface Row {
  bucket: string;
  label: string;
  value: number | null;
  /** The value when its bucket has enough observations, else null (drawn as a faint point instead). */
  solid: number | null;
  faint: number | null;
  band: [number, number] | null;
  n: number;
  low: number | null;
  high: number | null;
}

const BLUE = 'var(--mantine-color-blue-6)';

/** A point: filled for a bucket with enough observations, hollow and pale for a thin one. */
function Dot(props: { cx?: number; cy?: number; value?: unknown; faint?: boolean; index?: number }) {
  const { cx, cy, value, faint } = props;
  if (cx === undefined || cy === undefined || value === null || value === undefined) return null;
  return <circle key={props.index} cx={cx} cy={cy} r={faint ? 3.5 : 4} fill={faint ? 'white' : BLUE} stroke={BLUE} strokeOpacity={faint ? 0.55 : 1} strokeWidth={1.5} />;
}

/**
 * A measure over time buckets, drawn so that it does not mislead: rates and means as points joined
 * by straight segments only between neighbouring buckets that have data (an empty bucket is a gap,
 * not a zero and not a curve through nothing), a 95 % band around rates (Wilson), buckets with fewer
 * than MIN_POINT_N observations as hollow points, counts as bars; the tooltip tells n.
 */
export function TrendChart({ measure, series, title, height = 240 }: { measure: MeasureKey; series: TrendPoint[]; title?: string; height?: number }) {
  const { t } = useTranslation('dashboards');
  const lang = currentLanguage();
  const unit = MEASURE_DEFS[measure].unit;
  const isCount = unit === 'count';
  const hasBand = series.some((p) => p.low != null && p.high != null);
  const data: Row[] = series.map((p) => {
    const thin = !isCount && p.value != null && p.n < MIN_POINT_N;
    return {
      bucket: p.bucket,
      label: shortDay(p.bucket),
      value: p.value,
      solid: p.value,
      faint: thin ? p.value : null,
      band: p.low != null && p.high != null ? [p.low, p.high] : null,
      n: p.n,
      low: p.low ?? null,
      high: p.high ?? null,
    };
  });
  const hasData = series.some((p) => p.value != null && (p.n > 0 || isCount));
  const empty = series.filter((p) => p.value == null).length;
  const thin = data.filter((r) => r.faint != null).length;
  const axis = valueAxis(measure, [...series.map((p) => p.value), ...series.map((p) => p.high ?? null)], lang);
  const domain = unit === 'percent' ? ([0, 100] as [number, number]) : 'domain' in axis ? axis.domain : undefined;

  return (
    <Paper p="md" radius="md" withBorder data-testid="trend-chart">
      <Stack gap="xs">
        {title && <Title order={5}>{title}</Title>}
        {hasData ? (
          <>
            <div style={{ width: '100%', height }}>
              <ResponsiveContainer>
                <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
                  <CartesianGrid vertical={false} strokeDasharray="3 3" stroke="var(--mantine-color-gray-3)" />
                  <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={12} minTickGap={8} />
                  <YAxis
                    width={axis.width}
                    tickLine={false}
                    axisLine={false}
                    fontSize={12}
                    tickFormatter={axis.tickFormatter}
                    domain={domain}
                    {...('ticks' in axis ? { ticks: axis.ticks } : {})}
                    allowDecimals={'allowDecimals' in axis ? axis.allowDecimals : true}
                  />
                  {/* The 95 % interval of each bucket as a pale bar from low to high: a bucket of one or two
                      answers gets a bar nearly as tall as the chart, so its swing reads as noise. */}
                  {hasBand && <Bar dataKey="band" fill={BLUE} fillOpacity={0.14} maxBarSize={14} radius={3} isAnimationActive={false} />}
                  {isCount ? (
                    <Bar dataKey="value" fill={BLUE} radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
                  ) : (
                    <Line
                      dataKey="solid"
                      type="linear"
                      stroke={BLUE}
                      strokeWidth={1.5}
                      strokeOpacity={0.6}
                      connectNulls={false}
                      isAnimationActive={false}
                      dot={(p: { cx?: number; cy?: number; value?: unknown; index?: number }) => (
                        <Dot key={p.index} {...p} faint={p.index !== undefined && data[p.index]?.faint != null} />
                      )}
                      activeDot={{ r: 5 }}
                    />
                  )}
                  <Tooltip
                    cursor={{ stroke: 'var(--mantine-color-gray-4)' }}
                    content={({ payload }) => {
                      const r = payload?.[0]?.payload as Row | undefined;
                      if (!r) return null;
                      return (
                        <Paper px="sm" py={6} withBorder shadow="sm">
                          <Text size="xs" c="dimmed">
                            {r.label}
                          </Text>
                          <Text size="sm" fw={600}>
                            {r.value == null ? t('trend.noDataBucket') : formatMeasure(measure, r.value, lang)}
                          </Text>
                          <Text size="xs" c="dimmed">
                            n = {formatNumber(r.n, lang)}
                          </Text>
                          {r.low != null && r.high != null && (
                            <Text size="xs" c="dimmed">
                              {t('trend.interval', { low: formatMeasure(measure, r.low, lang), high: formatMeasure(measure, r.high, lang) })}
                            </Text>
                          )}
                          {r.faint != null && (
                            <Text size="xs" c="orange.7">
                              {t('trend.thin', { min: MIN_POINT_N })}
                            </Text>
                          )}
                        </Paper>
                      );
                    }}
                  />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
            <Group gap="md" wrap="wrap">
              {hasBand && (
                <Text size="xs" c="dimmed" data-testid="trend-legend-band">
                  {t('trend.legendBand')}
                </Text>
              )}
              {thin > 0 && (
                <Text size="xs" c="dimmed" data-testid="trend-legend-thin">
                  {t('trend.legendThin', { min: MIN_POINT_N, count: thin })}
                </Text>
              )}
              {empty > 0 && !isCount && (
                <Text size="xs" c="dimmed" data-testid="trend-legend-gaps">
                  {t('trend.legendGaps', { count: empty })}
                </Text>
              )}
            </Group>
          </>
        ) : (
          <Text c="dimmed" size="sm" ta="center" py="xl">
            {t('noData')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
