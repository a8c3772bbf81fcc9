import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SegmentMember } from '../../../shared/segments';
import { formatDate, formatMoney, formatPhone } from '../../lib/format';

/** The first members of the rule being edited, each a link to their 360. */
export function SegmentPreviewTable({ items }: { items: SegmentMember[] }) {
  const { t } = useTranslation('segments');
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="sm">
        {t('preview.empty')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover verticalSpacing={6} fz="sm" data-testid="segment-preview">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('preview.name')}</Table.Th>
            <Table.Th>{t('preview.contact')}</Table.Th>
            <Table.Th ta="right">{t('preview.orders')}</Table.Th>
            <Table.Th ta="right">{t('preview.spent')}</Table.Th>
            <Table.Th>{t('preview.lastOrder')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Anchor component={Link} to={`/customers/${m.id}`} size="sm" fw={500}>
                  {m.name || '—'}
                </Anchor>
              </Table.Td>
              <Table.Td c="dimmed">{m.phone ? formatPhone(m.phone) : (m.email ?? '—')}</Table.Td>
              <Table.Td ta="right">{m.orderCount}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatMoney(m.totalSpent)}
              </Table.Td>
              <Table.Td>{m.lastOrderAt ? formatDate(m.lastOrderAt) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
