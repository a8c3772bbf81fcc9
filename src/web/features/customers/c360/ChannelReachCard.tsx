import { Badge, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../../shared/customers';
import { ChannelIcon } from '../../../components/ChannelIcon';
import { formatDateTime } from '../../../lib/format';
import { useReplyChannel } from '../../tickets/replyChannelApi';
import { windowLeft } from '../../tickets/replyWindow';
import { channelReachOf, type ChannelReach } from './channelReach';

/** Whether the customer's latest conversation on the channel can be answered now, from the server's answer. */
function WindowState({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation(['reply-window', 'delivery']);
  const rc = useReplyChannel(ticketId).data;
  if (!rc) return null;
  const w = rc.window;
  const left = w ? windowLeft(w.endsAt, new Date()) : null;
  if (rc.mode === 'sends' && left && !left.closed) {
    return (
      <>
        <Badge tt="none" variant="light" color="teal" data-testid="reach-window" data-state="open">
          {t('c360.open', { hours: left.hours, minutes: left.minutes })}
        </Badge>
        {w?.repliesLeft !== undefined && (
          <Badge tt="none" variant="light" color={w.repliesLeft <= 2 ? 'orange' : 'teal'} data-testid="reach-replies">
            {t('replies', { count: w.repliesLeft })}
          </Badge>
        )}
      </>
    );
  }
  if (rc.mode === 'sends') return null;
  const reason = rc.reason ?? 'unknown';
  return (
    <Tooltip label={t(`delivery:failure.${reason}`)} multiline maw={300} withArrow>
      <Badge tt="none" variant="light" color={reason === 'window_closed' || reason === 'reply_quota_used' ? 'gray' : 'orange'} data-testid="reach-window" data-state={reason}>
        {reason === 'window_closed' ? t('c360.closed') : t(`delivery:failure.${reason}`)}
      </Badge>
    </Tooltip>
  );
}

function ReachLine({ r }: { r: ChannelReach }) {
  const { t } = useTranslation('reply-window');
  return (
    <Stack gap={4} data-testid={`reach-${r.channel}`}>
      <Group gap="xs" wrap="nowrap">
        <ChannelIcon channel={r.channel} size={24} />
        <div style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={500} truncate>
            {r.displayName ?? t(`channel.${r.channel}`)}
          </Text>
          {r.ids.length > 0 && (
            <Text size="xs" c="dimmed" ff="monospace" truncate title={r.ids.join(', ')}>
              {r.ids.join(', ')}
            </Text>
          )}
        </div>
      </Group>
      <Group gap={6} pl={32} wrap="wrap">
        {r.following !== null && (
          <Tooltip label={r.followChangedAt ? t('c360.since', { at: formatDateTime(r.followChangedAt) }) : t('c360.followHint')} withArrow>
            <Badge tt="none" variant="light" color={r.following ? 'blue' : 'red'} data-testid="reach-consent" data-following={String(r.following)}>
              {t(r.following ? 'c360.following' : 'c360.unfollowed')}
            </Badge>
          </Tooltip>
        )}
        {r.latestTicketId ? (
          <WindowState ticketId={r.latestTicketId} />
        ) : (
          <Badge tt="none" variant="light" color="gray">
            {t('c360.noConversation')}
          </Badge>
        )}
      </Group>
    </Stack>
  );
}

/**
 * The customer 360's messaging channels: on Zalo and Messenger, who they are there, whether they follow
 * the Zalo OA (their consent to its messages), and whether their latest conversation can still be
 * answered (the reply window and Zalo's free replies left, as the server computes them for that ticket).
 */
export function ChannelReachCard({ data }: { data: Customer360 }) {
  const { t } = useTranslation('reply-window');
  const lines = channelReachOf(data);
  if (lines.length === 0) return null;
  return (
    <Paper p="md" radius="md" data-testid="channel-reach">
      <Stack gap="sm">
        <Title order={5}>{t('c360.title')}</Title>
        {lines.map((r) => (
          <ReachLine key={r.channel} r={r} />
        ))}
      </Stack>
    </Paper>
  );
}
