import { Anchor, Blockquote, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconBulb, IconClockHour4 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Customer360 } from '../../../../shared/customers';
import { ChannelIcon } from '../../../components/ChannelIcon';
import { PriorityBadge, StatusBadge } from '../../../components/TicketBadges';
import { formatDateTime, formatRelative } from '../../../lib/format';

const DONE = new Set(['resolved', 'closed']);

/**
 * The one thing an agent needs first: the open (or last) ticket and the customer's last message, so the
 * conversation starts with "I see you wrote about X" instead of "how can I help?".
 */
export function LatestActivityCard({ data }: { data: Customer360 }) {
  const { t } = useTranslation('customers');
  const byRecent = [...data.tickets].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  const ticket = byRecent.find((x) => !DONE.has(x.status)) ?? byRecent[0];
  const isOpen = ticket && !DONE.has(ticket.status);
  const message = data.timeline.items.find((i) => i.kind === 'message' && i.direction === 'inbound') ?? data.timeline.items.find((i) => i.kind === 'message');

  if (!ticket && !message) {
    return (
      <Paper p="md" radius="md">
        <Text size="sm" c="dimmed">
          {t('latest.none')}
        </Text>
      </Paper>
    );
  }

  const subject = ticket?.subject || message?.title;
  return (
    <Paper
      p="lg"
      radius="md"
      data-testid="latest-activity"
      style={{ borderLeft: `4px solid var(--mantine-color-${isOpen ? 'orange' : 'brand'}-6)`, background: 'var(--mantine-color-body)' }}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap={6}>
            <IconClockHour4 size={16} color="var(--mantine-color-gray-6)" />
            <Text size="xs" tt="uppercase" fw={700} c="dimmed" style={{ letterSpacing: 0.4 }}>
              {ticket ? t(isOpen ? 'latest.openTicket' : 'latest.lastTicket') : t('latest.lastMessage')}
            </Text>
          </Group>
          {ticket && (
            <Button component={Link} to={`/tickets/${ticket.id}`} size="xs" variant="light" rightSection={<IconArrowRight size={14} />}>
              {t('latest.openIt')}
            </Button>
          )}
        </Group>
        {ticket && (
          <Group gap="sm" wrap="nowrap" align="center">
            <ChannelIcon channel={ticket.channel} size={30} />
            <div style={{ minWidth: 0, flex: 1 }}>
              <Anchor component={Link} to={`/tickets/${ticket.id}`} c="inherit" fw={700} size="lg" lineClamp={1}>
                #{ticket.number} · {ticket.subject || t('tickets.noSubject')}
              </Anchor>
              <Group gap={6} mt={4}>
                <StatusBadge status={ticket.status} />
                {ticket.priority !== 'normal' && <PriorityBadge priority={ticket.priority} />}
                <Text size="xs" c="dimmed" title={formatDateTime(ticket.updatedAt)}>
                  {t('tickets.updated', { date: formatRelative(ticket.updatedAt) })}
                </Text>
              </Group>
            </div>
          </Group>
        )}
        {message?.body && (
          <Blockquote color="gray" p="sm" pl="md" mt={4} icon={null} style={{ borderInlineStartWidth: 3 }}>
            <Text size="sm" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
              {message.body}
            </Text>
            <Text size="xs" c="dimmed" mt={6} title={formatDateTime(message.at)}>
              {message.direction === 'inbound'
                ? t('timeline.inbound', { channel: t(`channel.${message.channel}`, { defaultValue: message.channel ?? '' }) })
                : t('timeline.outbound', { author: message.actorName ?? t('timeline.someone'), channel: t(`channel.${message.channel}`, { defaultValue: message.channel ?? '' }) })}
              {' · '}
              {formatRelative(message.at)}
            </Text>
          </Blockquote>
        )}
        {subject && (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconBulb size={16} color="var(--mantine-color-yellow-7)" style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm" c="dimmed" fs="italic">
              {t('latest.hint', { subject })}
            </Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
