import { Anchor, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { TimelineItem } from '../../../../shared/customers';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { callTimelineCaption } from '../../calls/callCaption';
import { surveyTimelineCaption } from '../../surveys/surveyCaption';
import { orderTimelineCaption } from '../../journey/orders/orderCaption';
import { mergeTimelineCaption } from '../mergeCaption';
import { noticeTimelineCaption } from '../../notices/noticeCaption';


/** The one-line caption of a timeline entry. */
function useCaption(item: TimelineItem): string {
  const { t } = useTranslation('customers');
  const channel = item.channel ? t(`channel.${item.channel}`, { defaultValue: item.channel }) : '';
  const author =
    item.actorKind === 'automation' ? t('timeline.automation', { name: item.actorName ?? '' }) : item.actorKind === 'ai' ? t('timeline.ai') : (item.actorName ?? t('timeline.someone'));
  switch (item.kind) {
    case 'message':
      if (item.direction === 'inbound') return t('timeline.inbound', { channel });
      if (item.direction === 'note') return t('timeline.internalNote', { author });
      return t('timeline.outbound', { author, channel });
    case 'note':
      return t('timeline.note', { author });
    case 'call':
      return callTimelineCaption(item.title);
    case 'survey':
      return surveyTimelineCaption(item.title);
    case 'order':
      return orderTimelineCaption(item.title);
    case 'notice':
      return noticeTimelineCaption(item.title);
    case 'ticket_opened':
      return t('timeline.ticketOpened', { number: item.ticketNumber });
    case 'merge':
      return mergeTimelineCaption(item.title);
    default:
      return t('timeline.event', { type: item.kind });
  }
}

const BUBBLE: Record<string, string | undefined> = { inbound: 'gray.0', outbound: 'brand.0', note: 'yellow.0' };

/** One entry: caption, ticket link, time, and the text (message bodies as a bubble). */
export function TimelineEntry({ item }: { item: TimelineItem }) {
  const { t } = useTranslation('customers');
  const caption = useCaption(item);
  const bubble = item.kind === 'note' ? 'yellow.0' : item.kind === 'message' || item.kind === 'call' || item.kind === 'notice' ? BUBBLE[item.direction ?? 'inbound'] : undefined;
  return (
    <div>
      <Group gap={8} wrap="wrap" justify="space-between">
        <Group gap={8} wrap="wrap">
          <Text size="sm" fw={600}>
            {caption}
          </Text>
          {item.ticketId && item.kind !== 'ticket_opened' && (
            <Anchor component={Link} to={`/tickets/${item.ticketId}`} size="xs">
              {t('timeline.ticketLink', { number: item.ticketNumber })}
            </Anchor>
          )}
        </Group>
        <Text size="xs" c="dimmed" title={formatDateTime(item.at)}>
          {formatDateTime(item.at)} · {formatRelative(item.at)}
        </Text>
      </Group>
      {item.kind === 'ticket_opened' && item.ticketId && (
        <Anchor component={Link} to={`/tickets/${item.ticketId}`} size="sm">
          {item.title || t('tickets.noSubject')}
        </Anchor>
      )}
      {item.body && item.kind !== 'merge' && (
        <Paper mt={6} p="xs" px="sm" radius="md" bg={bubble} withBorder={false} maw={680}>
          <Text size="sm" lineClamp={6} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {item.body}
          </Text>
        </Paper>
      )}
    </div>
  );
}
