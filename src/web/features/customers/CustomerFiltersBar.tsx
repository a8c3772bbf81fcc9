import { CloseButton, Group, Select, TextInput } from '@mantine/core';
import { IconArrowsSort, IconSearch, IconTag } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGES } from '../../../shared/common';
import { CustomerSortSchema } from '../../../shared/customers';
import type { CustomerFilters } from './customersApi';

interface Props {
  search: string;
  onSearch: (q: string) => void;
  filters: CustomerFilters;
  onFilters: (f: Partial<CustomerFilters>) => void;
  tagOptions: string[];
}

/** Search box (name with or without diacritics, phone in any format, part of an email) plus stage and tag filters and the order. */
export function CustomerFiltersBar({ search, onSearch, filters, onFilters, tagOptions }: Props) {
  const { t } = useTranslation('customers');
  const { t: ts } = useTranslation('customerSearch');
  const tags = filters.tag && !tagOptions.includes(filters.tag) ? [filters.tag, ...tagOptions] : tagOptions;
  return (
    <Group gap="sm" wrap="wrap">
      <TextInput
        style={{ flex: 1 }}
        miw={260}
        leftSection={<IconSearch size={16} />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        value={search}
        onChange={(e) => onSearch(e.currentTarget.value)}
        rightSection={search ? <CloseButton size="sm" aria-label={t('search.clear')} onClick={() => onSearch('')} /> : null}
        data-testid="customer-search"
      />
      <Select
        w={190}
        placeholder={t('filters.allStages')}
        aria-label={t('filters.stage')}
        data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
        value={filters.stage}
        onChange={(v) => onFilters({ stage: v })}
        clearable
      />
      <Select
        w={190}
        leftSection={<IconTag size={16} />}
        placeholder={t('filters.tagPlaceholder')}
        aria-label={t('filters.tag')}
        data={tags}
        value={filters.tag}
        onChange={(v) => onFilters({ tag: v })}
        searchable
        clearable
        nothingFoundMessage="—"
      />
      <Select
        w={190}
        leftSection={<IconArrowsSort size={16} />}
        aria-label={ts('sort.label')}
        data={CustomerSortSchema.options.map((s) => ({ value: s, label: ts(`sort.${s}`) }))}
        value={filters.sort ?? 'created_desc'}
        onChange={(v) => onFilters({ sort: v === 'created_desc' ? null : v })}
        allowDeselect={false}
        data-testid="customer-sort"
      />
    </Group>
  );
}
