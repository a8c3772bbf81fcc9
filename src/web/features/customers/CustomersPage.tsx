import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Placeholder until the customers feature lands (owned by the second web engineer). */
export function CustomersPage() {
  const { t } = useTranslation();
  return <Title order={2}>{t('nav.customers')}</Title>;
}
