import { Badge, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JourneyReport, ServiceFigures } from '../../../shared/journey';

function useFormat() {
  const { t } = useTranslation('journey');
  const num = (n: number) => n.toLocaleString('vi-VN');
  return {
    num,
    frt: (m: number | null) => (m === null ? '—' : m >= 120 ? t('hours', { value: (m / 60).toLocaleString('vi-VN', { maximumFractionDigits: 1 }) }) : t('minutes', { value: m.toLocaleString('vi-VN', { maximumFractionDigits: 1 }) })),
    csat: (s: ServiceFigures) => (s.csatPercent === null ? '—' : t('csatOf', { percent: s.csatPercent.toLocaleString('vi-VN'), count: s.csatAnswers })),
  };
}

/** Where customers dropped off in the period, each with the service they got before it; the customers who stayed last, for comparison. */
export function DropOffsTable({ report }: { report: JourneyReport }) {
  const { t } = useTranslation('journey');
  const f = useFormat();
  const rows = [
    ...report.dropOffs.map((d) => ({ key: d.kind, label: t(`drop.${d.kind}`, { days: report.inactiveDays }), orders: d.orders, s: d.service, retained: false })),
    { key: 'retained', label: t('page.retained'), orders: null, s: report.retained, retained: true },
  ];
  const worse = (s: ServiceFigures) => ({
    frt: s.frtMedianMinutes !== null && report.retained.frtMedianMinutes !== null && s.frtMedianMinutes > report.retained.frtMedianMinutes,
    csat: s.csatPercent !== null && report.retained.csatPercent !== null && s.csatPercent < report.retained.csatPercent,
  });
  return (
    <Paper p="lg" radius="md" data-testid="journey-dropoffs">
      <Title order={4}>{t('page.dropOffs')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('page.dropOffsHint')}
      </Text>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('col.where')}</Table.Th>
              <Table.Th ta="right">{t('col.customers')}</Table.Th>
              <Table.Th ta="right">{t('col.orders')}</Table.Th>
              <Table.Th ta="right">{t('col.tickets')}</Table.Th>
              <Table.Th ta="right">{t('col.frt')}</Table.Th>
              <Table.Th ta="right">{t('col.csat')}</Table.Th>
              <Table.Th ta="right">{t('col.unresolved')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => {
              const w = worse(r.s);
              return (
                <Table.Tr key={r.key} data-testid={`dropoff-${r.key}`} bg={r.retained ? 'var(--mantine-color-gray-0)' : undefined}>
                  <Table.Td fw={600}>{r.label}</Table.Td>
                  <Table.Td ta="right" fw={700}>
                    {f.num(r.s.customers)}
                  </Table.Td>
                  <Table.Td ta="right">{r.orders === null ? '—' : f.num(r.orders)}</Table.Td>
                  <Table.Td ta="right">{f.num(r.s.tickets)}</Table.Td>
                  <Table.Td ta="right">{!r.retained && w.frt ? <Badge color="red" variant="light">{f.frt(r.s.frtMedianMinutes)}</Badge> : f.frt(r.s.frtMedianMinutes)}</Table.Td>
                  <Table.Td ta="right">{!r.retained && w.csat ? <Badge color="red" variant="light">{f.csat(r.s)}</Badge> : f.csat(r.s)}</Table.Td>
                  <Table.Td ta="right">{f.num(r.s.unresolvedTickets)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
