import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Settings → audit log: who changed what and when. */
export function AuditLogSettings() {
  const { t } = useTranslation('audit');
  return <Title order={2}>{t('nav')}</Title>;
}
