import { Button, Center, Paper, Stack, Table, Text } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { TableSkeleton } from '../settings/TableSkeleton';
import type { CustomerListItem } from './customersApi';
import { CustomerRow } from './CustomerRow';

interface Props {
  rows: CustomerListItem[];
  loading: boolean;
  searching: string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onTag: (tag: string) => void;
}

/** The customers table with its empty states and the keyset "load more" button. */
export function CustomersTable({ rows, loading, searching, hasMore, loadingMore, onLoadMore, onTag }: Props) {
  const { t } = useTranslation('customers');
  // Until the list carries lastContactAt, the last column shows when the profile was created.
  const showLastContact = rows.length === 0 || rows.some((r) => 'lastContactAt' in r);
  return (
    <Paper radius="md" p={0} style={{ overflowX: 'auto' }}>
      <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover miw={960} layout="fixed">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th w="24%">{t('columns.name')}</Table.Th>
            <Table.Th w={150}>{t('columns.phone')}</Table.Th>
            <Table.Th w="22%">{t('columns.email')}</Table.Th>
            <Table.Th w={140}>{t('columns.stage')}</Table.Th>
            <Table.Th>{t('columns.tags')}</Table.Th>
            <Table.Th w={150}>{t(showLastContact ? 'columns.lastContact' : 'columns.created')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loading ? (
            <TableSkeleton columns={6} rows={6} />
          ) : rows.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Center py={48}>
                  <Stack align="center" gap={4}>
                    <IconUsers size={36} stroke={1.3} color="var(--mantine-color-gray-5)" />
                    <Text fw={500}>{searching ? t('list.noResults', { q: searching }) : t('list.empty')}</Text>
                    <Text size="sm" c="dimmed">
                      {searching ? t('list.noResultsHint') : t('list.emptyHint')}
                    </Text>
                  </Stack>
                </Center>
              </Table.Td>
            </Table.Tr>
          ) : (
            rows.map((c) => <CustomerRow key={c.id} c={c} onTag={onTag} showCreated={!showLastContact} />)
          )}
        </Table.Tbody>
      </Table>
      {hasMore && (
        <Center p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <Button variant="subtle" onClick={onLoadMore} loading={loadingMore}>
            {t('list.loadMore')}
          </Button>
        </Center>
      )}
    </Paper>
  );
}
