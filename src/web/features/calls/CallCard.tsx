import { Anchor, Badge, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconPhoneCall, IconPhoneIncoming, IconPhoneOutgoing, IconPhoneX, IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { MessageDetails } from '../../../shared/tickets';
import { formatDateTime, formatPhone } from '../../lib/format';
import { mmss } from './callFormat';

export type CallDetails = NonNullable<MessageDetails['call']>;

const STATUS_COLOR: Record<CallDetails['status'], string> = { ringing: 'blue', answered: 'teal', ended: 'green', missed: 'red' };

/**
 * A phone call as an entry of the thread (message.details.call): direction, status, numbers, wait /
 * talk / wrap-up times, the agent, the recording and when it started.
 */
export function CallCard({ call }: { call: CallDetails }) {
  const { t } = useTranslation('calls');
  const missed = call.status === 'missed';
  const Icon = missed ? IconPhoneX : call.status === 'ringing' || call.status === 'answered' ? IconPhoneCall : call.direction === 'inbound' ? IconPhoneIncoming : IconPhoneOutgoing;
  const statusLabel = missed && call.direction === 'outbound' ? t('status.missedOutbound') : t(`status.${call.status}`);
  // A hand-logged call does not know the business's side; a PBX call without a number had it hidden.
  const number = (n: string | null) => (n ? formatPhone(n) : call.loggedByHand ? null : t('hiddenNumber'));
  const numbers = [number(call.from), number(call.to)].filter(Boolean).join(' → ');
  const times: [string, number | null][] = [
    [t('wait'), call.waitSeconds],
    [t('talk'), call.talkSeconds],
    [t('wrapUp'), call.wrapUpSeconds],
  ];
  return (
    <Paper withBorder radius="md" p="sm" maw={460} data-testid="call-card" data-status={call.status}>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <ThemeIcon variant="light" color={STATUS_COLOR[call.status]} radius="xl" size="lg" aria-hidden>
          <Icon size={18} />
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600}>
              {t(`direction.${call.direction}`)}
            </Text>
            <Badge size="sm" tt="none" variant="light" color={STATUS_COLOR[call.status]}>
              {statusLabel}
            </Badge>
            {call.loggedByHand && (
              <Badge size="sm" tt="none" variant="outline" color="gray">
                {t('loggedByHand')}
              </Badge>
            )}
          </Group>
          <Text size="sm">{numbers}</Text>
          <Group gap="md" wrap="wrap">
            {times
              .filter(([label, v]) => v !== null || label === t('talk'))
              .map(([label, v]) => (
                <Text key={label} size="xs" c="dimmed">
                  {label}{' '}
                  <Text span size="xs" fw={600} c="var(--mantine-color-text)" ff="monospace">
                    {mmss(v)}
                  </Text>
                </Text>
              ))}
          </Group>
          <Group gap="xs" wrap="wrap">
            {call.startedAt && (
              <Text size="xs" c="dimmed">
                {formatDateTime(call.startedAt)}
              </Text>
            )}
            {call.agentName && (
              <Text size="xs" c="dimmed">
                · {t('agent')}: {call.agentName}
              </Text>
            )}
          </Group>
          {call.recordingUrl && (
            <Anchor href={call.recordingUrl} target="_blank" rel="noopener noreferrer" size="xs">
              <Group gap={4} component="span">
                <IconPlayerPlay size={14} />
                {t('recording')}
              </Group>
            </Anchor>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}
