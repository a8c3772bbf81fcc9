import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Settings → outgoing webhooks: subscriptions and the delivery log. */
export function WebhooksSettings() {
  const { t } = useTranslation('webhooks');
  return <Title order={2}>{t('nav')}</Title>;
}
