import { Alert, Button, Group, List, Text } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconLock, IconSettings } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FIXED_IN_CHANNEL_SETTINGS, failureText, type ReplyChannel } from './replyChannelApi';

/**
 * What the reply box tells the agent before they type when a reply will not simply go out: it
 * cannot (why, and what to do: connect a mailbox, reach the customer elsewhere, write a note), it
 * may not (a warning), or the channel only records it. Nothing when the reply goes out normally.
 */
export function ReplyChannelNotice({ rc, onWriteNote }: { rc: ReplyChannel; onWriteNote: () => void }) {
  const { t } = useTranslation('delivery');
  if (rc.mode === 'sends' && !rc.warning) return null;
  if (rc.mode === 'records') {
    return (
      <Text size="xs" c="dimmed" px="md" pt={6} data-testid="reply-not-sent">
        {t('box.records')}
        {rc.alternatives.length > 0 && <Alternatives rc={rc} />}
      </Text>
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
      {rc.alternatives.length > 0 && <Alternatives rc={rc} />}
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

/** The customer's identities on channels that can start a conversation now, linked to their profile. */
function Alternatives({ rc }: { rc: ReplyChannel }) {
  const { t } = useTranslation('delivery');
  return (
    <>
      <Text size="sm" mt={4} component="span" display="block">
        {t('box.alternatives')}
      </Text>
      <List size="sm" spacing={0} data-testid="reply-alternatives">
        {rc.alternatives.map((a) => (
          <List.Item key={`${a.channel}:${a.value}`}>
            {t(`channel.${a.channel}`, { defaultValue: a.channel })}:{' '}
            <Text span size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {a.value}
            </Text>
          </List.Item>
        ))}
      </List>
    </>
  );
}
