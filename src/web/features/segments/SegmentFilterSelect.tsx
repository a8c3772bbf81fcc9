import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSegments } from './segmentsApi';

/** A saved segment as a report filter (the reports' filter bar): null = every customer. */
export function SegmentFilterSelect({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const { t } = useTranslation('segments');
  const segments = useSegments();
  return (
    <Select
      label={t('filter.label')}
      placeholder={t('filter.all')}
      data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
      value={value}
      onChange={onChange}
      clearable
      searchable
      nothingFoundMessage={t('filter.none')}
      style={{ flex: '1 1 160px', maxWidth: 260 }}
      data-testid="segment-filter"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
