import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The inbox (being built). */
export function InboxPage() {
  const { t } = useTranslation();
  return <Title order={2}>{t('nav.inbox')}</Title>;
}
