import { Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RetentionFigures } from '../../../shared/retention';
import { PageError } from '../../components/PageError';
import { FiguresTable } from './FiguresTable';
import { pct } from './format';
import { serviceValueCsvUrl, useServiceValue } from './retentionApi';

function BandChart({ title, rows, testId }: { title: string; rows: (RetentionFigures & { label: string })[]; testId: string }) {
  const { t } = useTranslation('retention');
  const data = rows.map((r) => ({ label: r.label, churn: r.churnRate, repeat: r.repeatRate }));
  return (
    <Paper p="md" radius="md" withBorder data-testid={testId}>
      <Text fw={600} mb="xs">{title}</Text>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 8, left: -8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
          <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} width={48} />
          <Tooltip formatter={(v) => pct(v === null ? null : Number(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="churn" name={t('kpi.churn')} fill="var(--mantine-color-red-5)" />
          <Bar dataKey="repeat" name={t('kpi.repeat')} fill="var(--mantine-color-teal-5)" />
        </BarChart>
      </ResponsiveContainer>
    </Paper>
  );
}

/** Service ↔ value: churn, retention and repeat purchase by the last CSAT and FRT the customer experienced. */
export function ServiceValueSection({ from, to, segmentId }: { from: string; to: string; segmentId?: string }) {
  const { t } = useTranslation('retention');
  const sv = useServiceValue(from, to, segmentId);
  const csat = (sv.data?.byCsat ?? []).map((r) => ({ ...r, label: t(`csat.${r.key}`) }));
  const frt = (sv.data?.byFrt ?? []).map((r) => ({ ...r, label: t(`frt.${r.key}`) }));
  return (
    <Stack gap="md" data-testid="service-value">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={4}>{t('service.title')}</Title>
          <Text size="sm" c="dimmed">{t('service.subtitle')}</Text>
        </div>
        <Button component="a" href={serviceValueCsvUrl(from, to, segmentId)} variant="default" size="xs" leftSection={<IconDownload size={14} />}>
          {t('csv')}
        </Button>
      </Group>
      {sv.isError ? (
        <PageError error={sv.error} />
      ) : !sv.data ? (
        <Skeleton h={220} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <BandChart title={t('service.byCsat')} rows={csat} testId="service-csat-chart" />
            <BandChart title={t('service.byFrt')} rows={frt} testId="service-frt-chart" />
          </SimpleGrid>
          <FiguresTable title={t('service.byCsat')} rows={csat} testId="service-csat-table" />
          <FiguresTable title={t('service.byFrt')} rows={frt} testId="service-frt-table" />
        </>
      )}
    </Stack>
  );
}
