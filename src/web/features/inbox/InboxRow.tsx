import { Avatar, Box, Group, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ChannelIcon } from '../../components/ChannelIcon';
import { PriorityBadge, SlaBadge, StatusBadge } from '../../components/TicketBadges';
import { formatDateTime, formatPhone, formatRelative } from '../../lib/format';
import { initials } from '../../lib/initials';
import { slaStateOf, type TicketListItem } from '../tickets/ticketApi';
import classes from './Inbox.module.css';

/** One ticket in the inbox: who, what, where it stands, and how long ago. */
export function InboxRow({ ticket, assigneeName }: { ticket: TicketListItem; assigneeName: string | null }) {
  const { t } = useTranslation(['inbox', 'common']);
  const navigate = useNavigate();
  const waiting = ticket.status === 'received' || ticket.status === 'verified' || ticket.status === 'routed';
  return (
    <Table.Tr className={classes.row} onClick={() => navigate(`/tickets/${ticket.id}`)} data-testid="inbox-row" data-ticket-id={ticket.id}>
      <Table.Td className={classes.nowrap}>
        <Group gap="sm" wrap="nowrap">
          <ChannelIcon channel={ticket.channel} size={30} />
          <Box miw={0}>
            <Text size="sm" fw={600} truncate="end" maw={180}>
              {ticket.customer.name || t('common:customer.unnamed')}
            </Text>
            <Text size="xs" c="dimmed">
              {formatPhone(ticket.customer.phone) || ticket.customer.email}
            </Text>
          </Box>
        </Group>
      </Table.Td>
      {/* width 100% + max-width 0: the subject takes the room left and truncates instead of pushing columns out. */}
      <Table.Td style={{ width: '100%', maxWidth: 0 }}>
        <Box miw={0}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" c="dimmed" ff="monospace">
              #{ticket.number}
            </Text>
            <Text
              component={Link}
              to={`/tickets/${ticket.id}`}
              size="sm"
              fw={waiting ? 700 : 500}
              truncate="end"
              className={classes.subject}
              onClick={(e) => e.stopPropagation()}
            >
              {ticket.subject || t('noSubject')}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" truncate="end">
            {ticket.lastMessagePreview}
          </Text>
        </Box>
      </Table.Td>
      <Table.Td className={classes.nowrap}>
        <StatusBadge status={ticket.status} />
      </Table.Td>
      <Table.Td className={classes.nowrap}>
        <PriorityBadge priority={ticket.priority} />
      </Table.Td>
      <Table.Td className={classes.nowrap}>
        {assigneeName ? (
          <Group gap={6} wrap="nowrap">
            <Avatar size={24} radius="xl" color="brand">
              {initials(assigneeName)}
            </Avatar>
            <Text size="sm" truncate="end" maw={130}>
              {assigneeName}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed" fs="italic">
            {t('common:nobody')}
          </Text>
        )}
      </Table.Td>
      <Table.Td className={classes.nowrap}>
        <SlaBadge state={slaStateOf(ticket.sla)} />
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Tooltip label={formatDateTime(ticket.lastMessageAt)} withArrow>
          <Text size="xs" c="dimmed">
            {formatRelative(ticket.lastMessageAt)}
          </Text>
        </Tooltip>
      </Table.Td>
    </Table.Tr>
  );
}
