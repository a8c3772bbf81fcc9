import { ThemeIcon } from '@mantine/core';
import { IconGitMerge, IconLock, IconNote, IconTicket } from '@tabler/icons-react';
import type { TimelineItem } from '../../../../shared/customers';
import { ChannelIcon } from '../../../components/ChannelIcon';
import { CallTimelineBullet } from '../../calls/CallTimelineBullet';
import { SurveyTimelineBullet } from '../../surveys/SurveyTimelineBullet';
import { OrderTimelineBullet } from '../../journey/orders/OrderTimelineBullet';
import { NoticeTimelineBullet } from '../../notices/NoticeTimelineBullet';

/** The icon on the timeline's line: the channel for messages, a symbol for everything else. */
export function TimelineBullet({ item }: { item: TimelineItem }) {
  if (item.kind === 'call') return <CallTimelineBullet title={item.title} />;
  if (item.kind === 'survey') return <SurveyTimelineBullet title={item.title} />;
  if (item.kind === 'order') return <OrderTimelineBullet title={item.title} />;
  if (item.kind === 'notice') return <NoticeTimelineBullet title={item.title} />;
  if (item.kind === 'message' && item.direction !== 'note') return <ChannelIcon channel={item.channel ?? 'api'} size={28} />;
  const [Icon, color] =
    item.kind === 'message' ? [IconLock, 'yellow'] : item.kind === 'note' ? [IconNote, 'yellow'] : item.kind === 'merge' ? [IconGitMerge, 'grape'] : [IconTicket, 'blue'];
  return (
    <ThemeIcon size={28} radius="xl" variant="light" color={color}>
      <Icon size={16} stroke={1.7} />
    </ThemeIcon>
  );
}
