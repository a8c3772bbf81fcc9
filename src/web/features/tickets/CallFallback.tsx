import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconPhoneIncoming, IconPhoneOutgoing, IconPhoneX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { MessageDetails } from '../../../shared/api';
import { formatDateTime } from '../../lib/format';

type Call = NonNullable<MessageDetails['call']>;

const mmss = (s: number | null) => (s === null ? '—' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`);

/** A plain call entry, used until the phone area's CallCard is available. */
export function CallFallback({ call }: { call: Call }) {
  const { t } = useTranslation('ticket');
  const missed = call.status === 'missed';
  const Icon = missed ? IconPhoneX : call.direction === 'inbound' ? IconPhoneIncoming : IconPhoneOutgoing;
  return (
    <Paper withBorder radius="md" p="sm" maw={420} data-testid="call-card">
      <Stack gap={4}>
        <Group gap="xs">
          <Icon size={18} color={missed ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-green-7)'} />
          <Text size="sm" fw={600}>
            {t(`call.${call.direction}`)} {call.from ?? ''} → {call.to ?? ''}
          </Text>
          <Badge size="xs" tt="none" variant="light" color={missed ? 'red' : 'green'}>
            {t(`call.status.${call.status}`)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {call.startedAt && formatDateTime(call.startedAt)} · {t('call.wait')} {mmss(call.waitSeconds)} · {t('call.talk')} {mmss(call.talkSeconds)}
          {call.agentName && ` · ${call.agentName}`}
        </Text>
        {call.recordingUrl && (
          <Anchor href={call.recordingUrl} target="_blank" rel="noopener" size="xs">
            {t('call.recording')}
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}
