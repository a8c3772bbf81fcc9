import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Settings → AI agent and model endpoint. */
export function AssistantSettings() {
  const { t } = useTranslation('assistant');
  return <Title order={2}>{t('nav')}</Title>;
}
