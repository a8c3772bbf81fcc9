import { Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RetentionReport } from '../../../shared/retention';
import { num, pct } from './format';

const shortDay = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}`;

/**
 * CRR and churn per bucket (lines, %, left axis) over the customers active at each bucket's end (bars,
 * right axis). A bucket with nobody active at its start has no CRR: a gap, not a zero.
 */
export function RetentionTrend({ report }: { report: RetentionReport }) {
  const { t } = useTranslation('retention');
  const data = report.series.map((s) => ({ label: report.granularity === 'month' ? `${s.bucket.slice(5, 7)}/${s.bucket.slice(0, 4)}` : shortDay(s.bucket), crr: s.crr, churn: s.churnRate, active: s.end, fresh: s.new }));
  return (
    <Paper p="md" radius="md" withBorder data-testid="retention-trend">
      <Text fw={600} mb="xs">{t('trend.title')}</Text>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, left: -8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis yAxisId="pct" domain={[0, (max: number) => Math.max(100, Math.ceil(max / 10) * 10)]} tick={{ fontSize: 11 }} unit="%" width={48} />
          <YAxis yAxisId="n" orientation="right" allowDecimals={false} tick={{ fontSize: 11 }} width={40} />
          <Tooltip formatter={(v, name) => (name === t('trend.active') || name === t('trend.new') ? num(Number(v)) : pct(v === null ? null : Number(v)))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="n" dataKey="active" name={t('trend.active')} fill="var(--mantine-color-gray-3)" />
          <Bar yAxisId="n" dataKey="fresh" name={t('trend.new')} fill="var(--mantine-color-teal-2)" />
          <Line yAxisId="pct" dataKey="crr" name={t('kpi.crr')} stroke="var(--mantine-color-blue-6)" strokeWidth={2} connectNulls={false} dot={{ r: 3 }} />
          <Line yAxisId="pct" dataKey="churn" name={t('kpi.churn')} stroke="var(--mantine-color-red-6)" strokeWidth={2} connectNulls={false} dot={{ r: 3 }} />
        </ComposedChart>
      </ResponsiveContainer>
    </Paper>
  );
}
