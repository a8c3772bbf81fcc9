import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconLock, IconSend, IconSettings } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../lib/api';
import { errorMessage } from '../../components/PageError';
import { FIXED_IN_CHANNEL_SETTINGS, failureText, type ReplyChannel } from './replyChannelApi';
import type { TicketDetail } from './ticketApi';

/**
 * What the reply box tells the agent before they type when a reply will not simply go out: it
 * cannot (why, and what to do: connect a mailbox, reach the customer on another channel, write a
 * note), it may not (a warning), or the channel only records it. Nothing when the reply goes out normally.
 */
export function ReplyChannelNotice({ rc, ticket, onWriteNote }: { rc: ReplyChannel; ticket: TicketDetail; onWriteNote: () => void }) {
  const { t } = useTranslation('delivery');
  if (rc.mode === 'sends' && !rc.warning) return null;
  if (rc.mode === 'records') {
    return (
      <Stack gap={4} px="md" pt={6}>
        <Text size="xs" c="dimmed" data-testid="reply-not-sent">
          {t('box.records')}
        </Text>
        {rc.alternatives.length > 0 && <Alternatives rc={rc} ticket={ticket} />}
      </Stack>
    );
  }
  const code = rc.mode === 'blocked' ? rc.reason : rc.warning;
  if (!code) return null;
  const { reason, fix } = failureText(t, code);
  const blocked = rc.mode === 'blocked';
  return (
    <Alert
      mx="md"
      mt="xs"
      p="xs"
      color={blocked ? 'red' : 'yellow'}
      variant="light"
      icon={blocked ? <IconAlertTriangle size={18} /> : <IconInfoCircle size={18} />}
      title={t(blocked ? 'box.blocked' : 'box.warning')}
      data-testid="reply-channel-notice"
      data-mode={rc.mode}
      data-reason={code}
    >
      <Text size="sm">{reason}</Text>
      {fix && (
        <Text size="sm" c="dimmed">
          {fix}
        </Text>
      )}
      {rc.alternatives.length > 0 && <Alternatives rc={rc} ticket={ticket} />}
      <Group gap="xs" mt={6}>
        {FIXED_IN_CHANNEL_SETTINGS.has(code) && (
          <Button component={Link} to="/settings/channels" size="compact-sm" variant="light" color={blocked ? 'red' : 'yellow'} leftSection={<IconSettings size={14} />}>
            {t('box.openChannels')}
          </Button>
        )}
        {blocked && (
          <Button size="compact-sm" variant="default" leftSection={<IconLock size={14} />} onClick={onWriteNote} data-testid="reply-write-note">
            {t('box.writeNote')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}

/**
 * The customer's identities on channels that can start a conversation now; one click opens a new
 * ticket for them on that channel (same subject), where the reply goes out.
 */
function Alternatives({ rc, ticket }: { rc: ReplyChannel; ticket: TicketDetail }) {
  const { t } = useTranslation('delivery');
  const navigate = useNavigate();
  const open = useMutation({
    mutationFn: async (channel: string) =>
      (await api<{ ticket: TicketDetail }>('/tickets', { method: 'POST', body: { customerId: ticket.customer.id, subject: ticket.subject || `#${ticket.number}`, channel } })).ticket,
    onSuccess: (created) => void navigate(`/tickets/${created.id}`),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err, t) }),
  });
  return (
    <Stack gap={4} mt={4} data-testid="reply-alternatives">
      <Text size="sm">{t('box.alternatives')}</Text>
      {rc.alternatives.map((a) => (
        <Group key={`${a.channel}:${a.value}`} gap="xs" wrap="wrap">
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {t(`channel.${a.channel}`, { defaultValue: a.channel })}: {a.value}
          </Text>
          <Button
            size="compact-xs"
            variant="light"
            leftSection={<IconSend size={13} />}
            loading={open.isPending && open.variables === a.channel}
            onClick={() => open.mutate(a.channel)}
            data-testid="reply-open-on-channel"
          >
            {t('box.openOn', { channel: t(`channel.${a.channel}`, { defaultValue: a.channel }) })}
          </Button>
        </Group>
      ))}
    </Stack>
  );
}
