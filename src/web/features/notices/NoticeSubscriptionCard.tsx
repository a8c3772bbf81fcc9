import { Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NoticeSubscriptionToggle } from './NoticeSubscriptionToggle';

/** The 360's order-notice card: whether the customer receives them, and the agent's switch. */
export function NoticeSubscriptionCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation('notices');
  return (
    <Paper p="md" radius="md" data-testid="notice-subscription">
      <Stack gap="xs">
        <Title order={5}>{t('nav')}</Title>
        <NoticeSubscriptionToggle customerId={customerId} />
      </Stack>
    </Paper>
  );
}
