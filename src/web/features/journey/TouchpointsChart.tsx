import { Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { JOURNEY_STAGES, type JourneyReport } from '../../../shared/journey';

/** A colour per channel, steady across periods. */
const CHANNEL_COLOR: Record<string, string> = {
  zalo: 'var(--mantine-color-blue-6)',
  messenger: 'var(--mantine-color-indigo-5)',
  webchat: 'var(--mantine-color-teal-5)',
  email: 'var(--mantine-color-orange-5)',
  phone: 'var(--mantine-color-green-6)',
  order: 'var(--mantine-color-grape-5)',
  api: 'var(--mantine-color-gray-5)',
  manual: 'var(--mantine-color-gray-4)',
};
const FALLBACK = ['var(--mantine-color-cyan-5)', 'var(--mantine-color-pink-5)', 'var(--mantine-color-lime-6)', 'var(--mantine-color-yellow-6)'];

/** Touchpoints per stage, stacked by channel (one bar per stage). */
export function TouchpointsChart({ touchpoints }: { touchpoints: JourneyReport['touchpoints'] }) {
  const { t } = useTranslation(['journey', 'common']);
  const totals = new Map<string, number>();
  for (const x of touchpoints) totals.set(x.channel, (totals.get(x.channel) ?? 0) + x.count);
  const channels = [...totals.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  const rows = JOURNEY_STAGES.map((stage) => {
    const row: Record<string, string | number> = { label: t(`journey:stage.${stage}`) };
    for (const c of channels) row[c] = touchpoints.find((x) => x.stage === stage && x.channel === c)?.count ?? 0;
    return row;
  });
  const name = (c: string) => t(`common:channel.${c}`, { defaultValue: t(`journey:channel.${c}`, { defaultValue: c }) });
  return (
    <Paper p="lg" radius="md" data-testid="journey-touchpoints">
      <Title order={4}>{t('journey:page.touchpoints')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('journey:page.touchpointsHint')}
      </Text>
      {channels.length === 0 ? (
        <Text c="dimmed">{t('journey:page.empty')}</Text>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid horizontal={false} strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => v.toLocaleString('vi-VN')} fontSize={12} />
            <YAxis type="category" dataKey="label" width={84} fontSize={12} />
            <Tooltip formatter={(v, n) => [Number(v).toLocaleString('vi-VN'), name(String(n))]} />
            <Legend formatter={(v: string) => name(v)} wrapperStyle={{ fontSize: 12 }} />
            {channels.map((c, i) => (
              <Bar key={c} dataKey={c} stackId="tp" fill={CHANNEL_COLOR[c] ?? FALLBACK[i % FALLBACK.length]} maxBarSize={36} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </Paper>
  );
}
