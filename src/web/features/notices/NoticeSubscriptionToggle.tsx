import { Group, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { useNoticeSubscription, useSetNoticeSubscription } from './noticesApi';

/** The 360's switch: does this customer receive order notices (off: they or an agent opted out). */
export function NoticeSubscriptionToggle({ customerId }: { customerId: string }) {
  const { t } = useTranslation('notices');
  const sub = useNoticeSubscription(customerId);
  const set = useSetNoticeSubscription(customerId);
  if (!sub.data) return null;
  return (
    <div>
      <Group gap="xs" wrap="nowrap">
        <Switch
          size="sm"
          checked={sub.data.subscribed}
          disabled={set.isPending}
          label={t('subscription.label')}
          onChange={(e) => set.mutate(e.currentTarget.checked, { onError: (err) => notifications.show({ color: 'red', message: (err as Error).message }) })}
        />
      </Group>
      {!sub.data.subscribed && sub.data.optedOutAt && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('subscription.optedOut', { date: formatDate(sub.data.optedOutAt), via: t(`subscription.via.${sub.data.via}`, { defaultValue: sub.data.via ?? '' }) })}
        </Text>
      )}
    </div>
  );
}
