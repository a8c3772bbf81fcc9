import { Alert, Anchor, Breadcrumbs, Group, Paper, Text, Title } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ChannelIcon } from '../../components/ChannelIcon';
import { PriorityBadge, SlaBadge, StatusBadge } from '../../components/TicketBadges';
import { formatDateTime } from '../../lib/format';
import { slaCountdown } from '../inbox/times';
import { LogCallButton } from '../calls/LogCallModal';
import { slaStateOf, type TicketDetail } from './ticketApi';

/** #number, subject, channel and where the ticket stands. */
export function TicketHeader({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation(['ticket', 'common']);
  const due = !ticket.firstResponseAt ? ticket.sla.firstResponse.dueAt : ticket.sla.resolution.dueAt;
  return (
    <Paper p="lg" radius="md">
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor component={Link} to="/">
          {t('common:nav.inbox')}
        </Anchor>
        <Text size="sm" c="dimmed">
          #{ticket.number}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="md" wrap="nowrap" align="flex-start" miw={0} style={{ flex: '1 1 320px' }}>
          <ChannelIcon channel={ticket.channel} size={40} />
          <div style={{ minWidth: 0 }}>
            <Title order={2} size="h3" data-testid="ticket-title" style={{ overflowWrap: 'anywhere' }}>
              <Text span inherit c="dimmed" fw={500}>
                #{ticket.number}
              </Text>{' '}
              {ticket.subject || t('noSubject')}
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              {t('openedVia', { channel: t(`common:channel.${ticket.channel}`, { defaultValue: ticket.channel }), when: formatDateTime(ticket.createdAt) })}
              {due && ticket.status !== 'resolved' && ticket.status !== 'closed' && (
                // "còn 2 giờ" / "trễ 1 ngày": a countdown, never "Hôm qua" for a time already past.
                <>
                  {' · '}
                  <Text span inherit c={slaCountdown(due).overdue ? 'red.7' : undefined} title={formatDateTime(due)} data-testid="ticket-due">
                    {t(!ticket.firstResponseAt ? 'firstReplyDue' : 'resolutionDue', { when: slaCountdown(due).text })}
                  </Text>
                </>
              )}
            </Text>
          </div>
        </Group>
        <Group gap={6} wrap="wrap">
          <LogCallButton customerId={ticket.customer.id} ticketId={ticket.id} />
          <SlaBadge state={slaStateOf(ticket.sla)} />
          <PriorityBadge priority={ticket.priority} />
          <StatusBadge status={ticket.status} />
        </Group>
      </Group>
      {ticket.mergedIntoId && (
        <Alert mt="md" color="gray" icon={<IconGitMerge />}>
          <Anchor component={Link} to={`/tickets/${ticket.mergedIntoId}`}>
            {t('mergedInto')}
          </Anchor>
        </Alert>
      )}
    </Paper>
  );
}
