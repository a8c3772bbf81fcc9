import { Text, Timeline } from '@mantine/core';
import { IconBell, IconGitMerge, IconLock, IconMessage, IconMoodSmile, IconPackage, IconPhone, IconTicket } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TimelineItem } from '../../../shared/customers';
import { formatRelative } from '../../lib/format';
import { callTimelineCaption } from '../calls/callCaption';
import { surveyTimelineCaption } from '../surveys/surveyCaption';
import { orderTimelineCaption } from '../journey/orders/orderCaption';
import { mergeTimelineCaption } from '../customers/mergeCaption';
import { noticeTimelineCaption } from '../notices/noticeCaption';

const ICONS: Record<string, typeof IconMessage> = { ticket_opened: IconTicket, message: IconMessage, note: IconLock, merge: IconGitMerge, call: IconPhone, survey: IconMoodSmile, order: IconPackage, notice: IconBell };

/** The last few things that happened with the customer, across tickets and channels. */
export function CustomerTimelineMini({ items }: { items: TimelineItem[] }) {
  const { t } = useTranslation(['ticket', 'common']);
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('customer.noActivity')}
      </Text>
    );
  return (
    <Timeline bulletSize={20} lineWidth={2}>
      {items.map((it) => {
        const Icon = ICONS[it.kind] ?? IconMessage;
        const title =
          it.kind === 'ticket_opened'
            ? t('customer.timeline.ticketOpened', { number: it.ticketNumber })
            : it.kind === 'message'
              ? t(`customer.timeline.${it.direction === 'inbound' ? 'inbound' : it.direction === 'note' ? 'note' : 'outbound'}`, {
                  channel: t(`common:channel.${it.channel}`, { defaultValue: it.channel ?? '' }),
                })
              : it.kind === 'note'
                ? t('customer.timeline.customerNote')
                : it.kind === 'call'
                  ? callTimelineCaption(it.title)
                  : it.kind === 'survey'
                    ? surveyTimelineCaption(it.title)
                    : it.kind === 'order'
                      ? orderTimelineCaption(it.title)
                      : it.kind === 'notice'
                        ? noticeTimelineCaption(it.title)
                      : it.kind === 'merge'
                        ? mergeTimelineCaption(it.title)
                        : (it.title ?? it.kind);
        return (
          <Timeline.Item key={it.id} bullet={<Icon size={11} />} title={<Text size="xs" fw={600}>{title}</Text>}>
            {/* Call, survey, order and merge titles are machine-readable ("inbound:ended:245"); the caption above says them. */}
            {it.kind !== 'merge' && (it.body || (it.title && it.kind !== 'call' && it.kind !== 'survey' && it.kind !== 'order' && it.kind !== 'notice')) && (
              <Text size="xs" c="dimmed" lineClamp={2}>
                {it.body || it.title}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={2}>
              {it.actorName ? `${it.actorName} · ` : ''}
              {formatRelative(it.at)}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
