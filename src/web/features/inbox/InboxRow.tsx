import { Avatar, Box, Checkbox, Group, Text, Tooltip } from '@mantine/core';
import { IconMoodAngry } from '@tabler/icons-react';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ChannelIcon } from '../../components/ChannelIcon';
import { SearchHighlight } from '../../components/Highlight';
import { PriorityBadge, StatusBadge } from '../../components/TicketBadges';
import { formatDateTime, formatPhone } from '../../lib/format';
import { initials } from '../../lib/initials';
import type { TicketListItem } from '../tickets/ticketApi';
import { SlaCountdown } from './SlaCountdown';
import { messageTime } from './times';
import classes from './Inbox.module.css';

interface Props {
  ticket: TicketListItem;
  assigneeName: string | null;
  selected: boolean;
  active: boolean;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
}

/** One ticket in the inbox: who, what they last said, where it stands, how long is left, and when. */
export const InboxRow = forwardRef<HTMLDivElement, Props>(function InboxRow({ ticket, assigneeName, selected, active, onToggle, onOpen }, ref) {
  const { t } = useTranslation(['inbox', 'inboxList', 'common', 'ai']);
  // "Waiting for us": the customer wrote after the last reply, or nobody has answered yet.
  const waiting = ticket.status === 'received' || ticket.status === 'verified' || ticket.status === 'routed';
  const closed = ticket.status === 'resolved' || ticket.status === 'closed';
  const contact = formatPhone(ticket.customer.phone) || ticket.customer.email;
  return (
    <div
      ref={ref}
      role="row"
      className={classes.row}
      data-selected={selected || undefined}
      data-active={active || undefined}
      aria-selected={selected}
      onClick={() => onOpen(ticket.id)}
      data-testid="inbox-row"
      data-ticket-id={ticket.id}
    >
      <div className={classes.check} onClick={(e) => e.stopPropagation()}>
        <Checkbox
          size="xs"
          checked={selected}
          onChange={() => onToggle(ticket.id)}
          aria-label={t('inboxList:select.row', { number: ticket.number })}
          data-testid="row-select"
        />
      </div>
      <div className={classes.icon}>
        <ChannelIcon channel={ticket.channel} size={30} />
      </div>
      <Box className={classes.main}>
        <Group gap={6} wrap="nowrap" miw={0}>
          <Text size="sm" fw={600} truncate="end" miw={0}>
            {ticket.customer.name || t('common:customer.unnamed')}
          </Text>
          {contact && (
            <Text size="xs" c="dimmed" truncate="end" style={{ flexShrink: 1000 }} miw={0}>
              {contact}
            </Text>
          )}
        </Group>
        <Group gap={6} wrap="nowrap" miw={0}>
          <Text size="sm" c="dimmed" ff="monospace" style={{ flexShrink: 0 }}>
            #{ticket.number}
          </Text>
          <Text
            component={Link}
            to={`/tickets/${ticket.id}`}
            size="sm"
            truncate="end"
            className={`${classes.subject} ${waiting ? classes.unread : ''}`}
            onClick={(e) => e.stopPropagation()}
            data-testid="inbox-subject"
          >
            {ticket.subject ? <SearchHighlight text={ticket.subject} /> : t('noSubject')}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" truncate="end">
          <SearchHighlight text={ticket.lastMessagePreview} />
        </Text>
      </Box>
      <div className={classes.meta}>
        <Group gap={4} wrap="nowrap" className={classes.state}>
          <StatusBadge status={ticket.status} />
          {ticket.priority !== 'normal' && <PriorityBadge priority={ticket.priority} />}
          {ticket.latestSentiment === 'negative' && (
            <Tooltip label={t('ai:inbox.upsetRow')} withArrow>
              <IconMoodAngry size={18} color="var(--mantine-color-red-6)" aria-label={t('ai:inbox.upsetRow')} data-testid="row-upset" style={{ flexShrink: 0 }} />
            </Tooltip>
          )}
        </Group>
        <div className={classes.assignee}>
          {assigneeName ? (
            <Group gap={6} wrap="nowrap" miw={0}>
              <Avatar size={22} radius="xl" color="brand">
                {initials(assigneeName)}
              </Avatar>
              <Text size="xs" truncate="end" miw={0}>
                {assigneeName}
              </Text>
            </Group>
          ) : (
            <Text size="xs" c="dimmed" fs="italic">
              {t('common:nobody')}
            </Text>
          )}
        </div>
        <Group gap={4} wrap="nowrap" className={classes.sla}>
          <SlaCountdown sla={ticket.sla} closed={closed} />
        </Group>
      </div>
      <div className={classes.time}>
        <Tooltip label={formatDateTime(ticket.lastMessageAt)} withArrow>
          <Text size="xs" c="dimmed" span data-testid="inbox-time">
            {messageTime(ticket.lastMessageAt)}
          </Text>
        </Tooltip>
      </div>
    </div>
  );
});
