import { Paper, ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RetentionFigures } from '../../../shared/retention';
import { money, num, pct } from './format';

/** One row per group (channel, segment, service band): the period's retention and the to-date value. */
export function FiguresTable({ title, rows, testId }: { title: string; rows: (RetentionFigures & { key: string; label: string })[]; testId: string }) {
  const { t } = useTranslation('retention');
  return (
    <Paper p="md" radius="md" withBorder data-testid={testId}>
      <Text fw={600} mb="xs">{title}</Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">{t('noData')}</Text>
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover miw={720} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th ta="right">{t('cols.start')}</Table.Th>
                <Table.Th ta="right">{t('cols.end')}</Table.Th>
                <Table.Th ta="right">{t('cols.new')}</Table.Th>
                <Table.Th ta="right">{t('kpi.crr')}</Table.Th>
                <Table.Th ta="right">{t('kpi.churn')}</Table.Th>
                <Table.Th ta="right">{t('kpi.repeat')}</Table.Th>
                <Table.Th ta="right">{t('cols.customers')}</Table.Th>
                <Table.Th ta="right">{t('kpi.clv')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.key}>
                  <Table.Td fw={500}>{r.label}</Table.Td>
                  <Table.Td ta="right">{num(r.start)}</Table.Td>
                  <Table.Td ta="right">{num(r.end)}</Table.Td>
                  <Table.Td ta="right">{num(r.new)}</Table.Td>
                  <Table.Td ta="right">{pct(r.crr)}</Table.Td>
                  <Table.Td ta="right">{pct(r.churnRate)}</Table.Td>
                  <Table.Td ta="right">{pct(r.repeatRate)}</Table.Td>
                  <Table.Td ta="right">{num(r.customers)}</Table.Td>
                  <Table.Td ta="right">{money(r.avgClv)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Paper>
  );
}
