import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** "Về đơn hàng": tickets about an order still open (draft … shipping), or about any order. */
export function AboutOrderFilter({ value, onChange, ...common }: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation('journey');
  return (
    <Select
      {...common}
      aria-label={t('inbox.aboutOrder')}
      placeholder={t('inbox.aboutOrder')}
      data={[
        { value: 'open', label: t('inbox.aboutOpenOrder') },
        { value: 'any', label: t('inbox.aboutAnyOrder') },
      ]}
      value={value}
      onChange={onChange}
      data-testid="filter-about-order"
    />
  );
}
