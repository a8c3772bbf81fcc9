import { Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconFileImport, IconUserPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageError } from '../../components/PageError';
import { useSearchText } from '../../lib/useSearchText';
import { useRole } from '../settings/useRole';
import { CreateCustomerModal } from './CreateCustomerModal';
import { CustomerFiltersBar } from './CustomerFiltersBar';
import { CustomersTable } from './CustomersTable';
import { useCustomerList, type CustomerFilters } from './customersApi';
import { ExportCustomersButton } from './ExportCustomersButton';
import { ImportCustomersModal } from './ImportCustomersModal';

/** /customers: find anyone by name (with or without diacritics), phone in any format or email. */
export function CustomersPage() {
  const { t } = useTranslation('customers');
  const { t: ts } = useTranslation('customerSearch');
  const { isManager } = useRole();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);

  const filters: CustomerFilters = { q: params.get('q') ?? '', stage: params.get('stage'), tag: params.get('tag'), sort: params.get('sort') };
  const setFilters = (patch: Partial<CustomerFilters>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  // The URL follows the typed text (debounced), so a search survives reload and the back button.
  const [search, setSearch] = useSearchText(filters.q, (q) => setFilters({ q }), 250);

  const list = useCustomerList(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  // The first page carries the count of every match; later pages do not repeat it.
  const total = list.data?.pages[0]?.total ?? null;
  const tagOptions = useMemo(() => [...new Set(rows.flatMap((r) => r.tags))].sort((a, b) => a.localeCompare(b, 'vi')), [rows]);

  return (
    <Box maw={1280} mx="auto">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <div>
            <Group gap="sm" align="baseline">
              <Title order={2}>{t('title')}</Title>
              {total !== null && (
                <Text c="dimmed" size="sm" data-testid="customer-total">
                  {ts('total', { count: total, n: total.toLocaleString('vi-VN') })}
                </Text>
              )}
            </Group>
            <Text c="dimmed" size="sm">
              {t('subtitle')}
            </Text>
          </div>
          <Group gap="xs">
            {isManager && (
              <>
                <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                  {t('actions.import')}
                </Button>
                <ExportCustomersButton filters={filters} />
              </>
            )}
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)} data-testid="create-customer">
              {t('actions.create')}
            </Button>
          </Group>
        </Group>
        <CustomerFiltersBar search={search} onSearch={setSearch} filters={filters} onFilters={setFilters} tagOptions={tagOptions} />
        {list.isError ? (
          <PageError error={list.error} />
        ) : (
          <CustomersTable
            rows={rows}
            loading={list.isPending}
            searching={filters.q}
            hasMore={!!list.hasNextPage}
            loadingMore={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
            onTag={(tag) => setFilters({ tag })}
          />
        )}
        {rows.length > 0 && (
          <Text size="xs" c="dimmed" ta="right">
            {total !== null && total > rows.length ? ts('shownOfTotal', { shown: rows.length, total: total.toLocaleString('vi-VN') }) : t('list.shown', { count: rows.length })}
          </Text>
        )}
      </Stack>
      <CreateCustomerModal opened={creating} onClose={() => setCreating(false)} />
      <ImportCustomersModal opened={importing} onClose={() => setImporting(false)} />
    </Box>
  );
}
