import { Chip, Select, type SelectProps } from '@mantine/core';
import { IconMoodAngry } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { SENTIMENTS } from '../../../shared/ai';

/**
 * "Khách đang bực": one click keeps the tickets whose customer's latest message the AI read as
 * negative, the ones to answer first. Shown beside the search, on phones too.
 */
export function UpsetCustomersChip({ value, onChange }: { value: string | undefined; onChange: (v: string | null) => void }) {
  const { t } = useTranslation('ai');
  return (
    <Chip
      checked={value === 'negative'}
      onChange={(on) => onChange(on ? 'negative' : null)}
      color="red"
      variant="light"
      icon={<IconMoodAngry size={14} />}
      data-testid="filter-upset"
    >
      {t('inbox.upset')}
    </Chip>
  );
}

/** Any of the three readings (behind "Thêm bộ lọc"), for "who is pleased" as well. */
export function SentimentFilter({ value, onChange, ...common }: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation('ai');
  return (
    <Select
      {...common}
      aria-label={t('inbox.sentiment')}
      placeholder={t('inbox.sentiment')}
      data={SENTIMENTS.map((s) => ({ value: s, label: t(`sentiment.${s}`) }))}
      value={value}
      onChange={onChange}
      data-testid="filter-sentiment"
    />
  );
}
