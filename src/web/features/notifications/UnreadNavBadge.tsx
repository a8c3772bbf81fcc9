import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/session';
import { useUnreadCounts } from './notificationsApi';

/** The number of unread tickets waiting for me (mine + unassigned) next to "Hộp thư". */
export function UnreadNavBadge() {
  const { t } = useTranslation('notifications');
  const me = useMe();
  const unread = useUnreadCounts(null, !!me.data?.user);
  const count = unread.data?.forMe ?? 0;
  if (count === 0) return null;
  return (
    <Badge size="sm" color="red" variant="filled" circle={count < 10} aria-label={t('unread.badge', { count })} data-testid="nav-unread-badge">
      {count > 99 ? '99+' : count}
    </Badge>
  );
}
