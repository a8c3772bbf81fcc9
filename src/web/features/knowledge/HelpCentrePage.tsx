import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** /help/:slug: a workspace's public help centre (no login). */
export function HelpCentrePage() {
  const { t } = useTranslation('knowledge');
  return <Title order={2}>{t('nav')}</Title>;
}
