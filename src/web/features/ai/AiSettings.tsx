import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Settings → AI: classification and sentiment, per field off / suggest / auto-apply. */
export function AiSettings() {
  const { t } = useTranslation('ai');
  return <Title order={2}>{t('nav')}</Title>;
}
