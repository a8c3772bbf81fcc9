import { ThemeIcon } from '@mantine/core';
import { IconBell, IconBellOff, IconClock } from '@tabler/icons-react';
import { noticeTimelineState } from './noticeCaption';

const COLOR: Record<string, string> = { scheduled: 'yellow', skipped: 'gray', queued: 'indigo', sent: 'blue', delivered: 'teal', seen: 'green', failed: 'red' };

/** A notice on the 360 timeline: a bell coloured by its state (struck through when skipped). */
export function NoticeTimelineBullet({ title }: { title: string | null }) {
  const state = noticeTimelineState(title);
  const Icon = state === 'skipped' ? IconBellOff : state === 'scheduled' ? IconClock : IconBell;
  return (
    <ThemeIcon size={28} radius="xl" variant="light" color={COLOR[state] ?? 'gray'}>
      <Icon size={16} stroke={1.7} />
    </ThemeIcon>
  );
}
