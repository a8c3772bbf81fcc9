import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NoticeDisplayState } from '../../../shared/notices';

const COLORS: Record<NoticeDisplayState, string> = {
  scheduled: 'yellow',
  skipped: 'gray',
  queued: 'indigo',
  sent: 'blue',
  delivered: 'teal',
  seen: 'green',
  failed: 'red',
};

/** A notice's state: its own until sent, then its message's delivery status. */
export function NoticeStateBadge({ state }: { state: NoticeDisplayState }) {
  const { t } = useTranslation('notices');
  return (
    <Badge color={COLORS[state] ?? 'gray'} variant={state === 'skipped' ? 'outline' : 'light'} radius="sm">
      {t(`display.${state}`)}
    </Badge>
  );
}
