import { notifications } from '@mantine/notifications';
import { IconAlarm, IconAt, IconMessageCircle, IconMessagePlus, IconUserCheck, IconWebhookOff } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { onRealtimeEvent, onUserPush } from '../../lib/realtime';
import { useMe } from '../../lib/session';
import { NotificationSchema, type Notification, type NotificationKind } from '../../../shared/notifications';
import { showDesktop } from './desktop';
import { notificationText } from './notificationText';
import { unreadKey, useMarkRead, useUnreadCounts } from './notificationsApi';
import { playChime } from './sound';

const ICONS: Record<NotificationKind, typeof IconAt> = {
  new_conversation: IconMessagePlus,
  new_message: IconMessageCircle,
  assigned: IconUserCheck,
  mention: IconAt,
  sla_at_risk: IconAlarm,
  webhook_paused: IconWebhookOff,
};
const COLORS: Record<NotificationKind, string> = { new_conversation: 'brand', new_message: 'brand', assigned: 'teal', mention: 'violet', sla_at_risk: 'orange', webhook_paused: 'red' };

/**
 * Several tabs of the app each receive the push: the toast shows in each, but only one tab plays the
 * sound and raises the desktop notification. A visible tab claims at once, hidden ones a moment later.
 */
function claimOnce(id: string): Promise<boolean> {
  const key = `tt-notified:${id}`;
  const wait = document.visibilityState === 'visible' ? 0 : 250;
  return new Promise((resolve) => {
    setTimeout(() => {
      try {
        if (localStorage.getItem(key)) return resolve(false);
        localStorage.setItem(key, String(Date.now()));
        setTimeout(() => localStorage.removeItem(key), 60_000);
      } catch {
        // Storage refused (private mode): every tab plays; better twice than never.
      }
      resolve(true);
    }, wait);
  });
}

const ticketOnScreen = (pathname: string) => /^\/tickets\/([0-9a-f-]{36})/i.exec(pathname)?.[1] ?? null;

/** Shows one notification the ways the user chose for its kind. */
function show(n: Notification, { openTicket: onScreen, t: tr, navigate: go }: { openTicket: string | null; t: TFunction; navigate: (to: string) => void }) {
  // The ticket I am reading already shows the new message.
  if (n.kind === 'new_message' && n.ticketId === onScreen && document.visibilityState === 'visible') return;
  const { title, body } = notificationText(n, tr);
  const open = n.ticketId ? () => go(`/tickets/${n.ticketId}`) : n.kind === 'webhook_paused' ? () => go('/settings/webhooks') : () => go('/reports/alerts');
  if (n.channels.toast) {
    const Icon = ICONS[n.kind];
    notifications.show({
      id: `notification-${n.id}`,
      title,
      message: body,
      color: COLORS[n.kind],
      icon: <Icon size={18} />,
      autoClose: 8000,
      withBorder: true,
      style: { cursor: 'pointer' },
      onClick: () => {
        notifications.hide(`notification-${n.id}`);
        open();
      },
      'data-testid': `toast-${n.kind}`,
    } as Parameters<typeof notifications.show>[0]);
  }
  if (!n.channels.sound && !n.channels.desktop) return;
  void claimOnce(n.id).then((mine) => {
    if (!mine) return;
    if (n.channels.sound) playChime();
    if (n.channels.desktop && (document.visibilityState !== 'visible' || !document.hasFocus())) showDesktop({ title, body, tag: n.id, onClick: open });
  });
}

/**
 * Everything that tells the agent something happened, mounted once with the app shell: toasts,
 * the sound, desktop notifications, the tab title "(3) Tận Tâm", and "I opened this ticket" (read).
 */
export function NotificationCenter() {
  const { t } = useTranslation(['notifications', 'common']);
  const me = useMe();
  const isPerson = !!me.data?.user;
  const unread = useUnreadCounts(null, isPerson);
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const queryClient = useQueryClient();
  const markRead = useMarkRead();
  const openTicket = ticketOnScreen(pathname);
  // Handlers registered once read the latest values through refs.
  const latest = useRef({ openTicket, t, navigate, markRead: markRead.mutate });
  useEffect(() => {
    latest.current = { openTicket, t, navigate, markRead: markRead.mutate };
  });

  // The tab title carries the number of tickets waiting for me.
  const forMe = unread.data?.forMe ?? 0;
  const appName = t('common:appName');
  useEffect(() => {
    document.title = forMe > 0 ? `(${forMe}) ${appName}` : appName;
  }, [forMe, appName]);

  // Opening a ticket reads it; so does coming back to its tab.
  useEffect(() => {
    if (!openTicket || !isPerson) return;
    latest.current.markRead(openTicket);
    const onVisible = () => document.visibilityState === 'visible' && latest.current.markRead(openTicket);
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [openTicket, isPerson]);

  // A customer message on the ticket I am looking at is read as it arrives.
  useEffect(
    () =>
      onRealtimeEvent((event) => {
        const { openTicket: onScreen } = latest.current;
        if (!onScreen || event.type !== 'message.created' || event.data.ticketId !== onScreen || event.data.direction !== 'inbound') return;
        if (document.visibilityState === 'visible') latest.current.markRead(onScreen);
      }),
    [],
  );

  useEffect(
    () =>
      onUserPush((push) => {
        if (push.type === 'read') {
          void queryClient.invalidateQueries({ queryKey: unreadKey().slice(0, 2) });
          return;
        }
        if (push.type !== 'notification') return;
        const parsed = NotificationSchema.safeParse(push.notification);
        if (!parsed.success) return;
        show(parsed.data, latest.current);
      }),
    [queryClient],
  );

  return null;
}
