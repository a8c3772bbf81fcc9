import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Settings → order notices: templates per status, channels, quiet hours. */
export function NoticesSettings() {
  const { t } = useTranslation('notices');
  return <Title order={2}>{t('nav')}</Title>;
}
