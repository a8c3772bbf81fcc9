import { Button, Group, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconChecks, IconClock, IconEye, IconRefresh } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DeliveryStatus } from '../../../shared/tickets';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';
import { channelErrorText } from '../settings/channels/channelErrors';
import type { Message } from './ticketApi';
import { failureText } from './replyChannelApi';

const LOOK: Record<DeliveryStatus, { icon: typeof IconCheck; color: string }> = {
  queued: { icon: IconClock, color: 'dimmed' },
  sent: { icon: IconCheck, color: 'dimmed' },
  delivered: { icon: IconChecks, color: 'teal' },
  seen: { icon: IconEye, color: 'blue' },
  failed: { icon: IconAlertTriangle, color: 'red' },
};

/**
 * Where an outbound message stands (đang gửi / đã gửi / đã nhận / đã xem / gửi lỗi). A failed one shows the
 * reason and attempts on hover and a retry; the new status arrives through the ticket's realtime topic.
 */
export function DeliveryState({ message: m, ticketId }: { message: Message; ticketId: string }) {
  const { t } = useTranslation(['ticket', 'delivery']);
  const qc = useQueryClient();
  const retry = useMutation({
    mutationFn: () => api(`/messages/${m.id}/retry`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: qk.ticketMessages(ticketId) }),
    onSuccess: () => notifications.show({ color: 'teal', message: t('delivery.requeued'), autoClose: 2500 }),
    onError: (err) => notifications.show({ color: 'red', title: t('delivery.retryFailed'), message: channelErrorText(err) }),
  });
  if (!m.deliveryStatus) return null;
  const look = LOOK[m.deliveryStatus];
  const label = (
    <Group gap={4} wrap="nowrap" c={look.color} data-testid="delivery-status" data-status={m.deliveryStatus}>
      <look.icon size={14} />
      <Text size="xs" c={look.color} fw={m.deliveryStatus === 'failed' ? 600 : undefined}>
        {t(`delivery.${m.deliveryStatus}`)}
      </Text>
    </Group>
  );
  if (m.deliveryStatus !== 'failed') return label;
  // The reason in the agent's language (a stable code from the server); the channel's own words only as detail.
  const { reason, fix } = failureText(t, m.deliveryFailure ?? 'unknown');
  const detail = m.deliveryError && (m.deliveryFailure === 'recipient_rejected' || m.deliveryFailure === 'unknown') ? m.deliveryError : null;
  return (
    <Group gap="xs" wrap="nowrap">
      <Tooltip
        label={
          <>
            <Text size="xs" fw={600}>
              {reason}
            </Text>
            {fix && <Text size="xs">{fix}</Text>}
            {detail && (
              <Text size="xs" c="gray.4" style={{ overflowWrap: 'anywhere' }}>
                {t('delivery:technical', { detail })}
              </Text>
            )}
            <Text size="xs">{t('delivery.attempts', { count: m.deliveryAttempts })}</Text>
          </>
        }
        multiline
        maw={360}
        withArrow
        position="bottom-end"
      >
        <span style={{ cursor: 'help' }} data-testid="delivery-error" data-error={m.deliveryFailure ?? ''}>
          {label}
        </span>
      </Tooltip>
      <Button size="compact-xs" variant="light" color="red" leftSection={<IconRefresh size={13} />} loading={retry.isPending} onClick={() => retry.mutate()} data-testid="delivery-retry">
        {t('delivery.retry')}
      </Button>
    </Group>
  );
}
