import { NavLink as MantineNavLink, Stack, Text, Group } from '@mantine/core';
import { IconInbox, IconUsers, IconSettings, IconChartBar, IconRoute, IconUsersGroup, IconSitemap, IconBook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router-dom';
import { useRealtimeStatus } from '../lib/realtime';
import { AlertsNavBadge } from '../features/dashboards/AlertsBell';
import { NotificationCenter } from '../features/notifications/NotificationCenter';
import { UnreadNavBadge } from '../features/notifications/UnreadNavBadge';

const items: { to: string; key: string; icon: typeof IconInbox; match: (p: string) => boolean; badge?: () => React.ReactNode }[] = [
  { to: '/', key: 'nav.inbox', icon: IconInbox, match: (p: string) => p === '/' || p.startsWith('/tickets'), badge: () => <UnreadNavBadge /> },
  { to: '/customers', key: 'nav.customers', icon: IconUsers, match: (p: string) => p.startsWith('/customers') },
  { to: '/journey', key: 'journey:nav.journey', icon: IconRoute, match: (p: string) => p.startsWith('/journey') },
  { to: '/segments', key: 'segments:nav.segments', icon: IconUsersGroup, match: (p: string) => p.startsWith('/segments') },
  { to: '/workflows', key: 'workflows:nav', icon: IconSitemap, match: (p: string) => p.startsWith('/workflows') },
  { to: '/knowledge', key: 'knowledge:nav', icon: IconBook, match: (p: string) => p.startsWith('/knowledge') },
  { to: '/reports', key: 'dashboards:nav.reports', icon: IconChartBar, match: (p: string) => p.startsWith('/reports'), badge: () => <AlertsNavBadge /> },
  { to: '/settings', key: 'nav.settings', icon: IconSettings, match: (p: string) => p.startsWith('/settings') },
];

/**
 * The left navigation, plus a small live-connection indicator at the bottom. It is on screen on every
 * signed-in page, so it also hosts the notification centre (toasts, sound, tab title, read marks).
 */
export function MainNav({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const status = useRealtimeStatus();
  return (
    <Stack justify="space-between" h="100%">
      <NotificationCenter />
      <Stack gap={4}>
        {items.map((it) => (
          <MantineNavLink
            key={it.to}
            component={NavLink}
            to={it.to}
            label={t(it.key)}
            leftSection={<it.icon size={20} stroke={1.6} />}
            rightSection={it.badge?.()}
            active={it.match(pathname)}
            onClick={onNavigate}
            variant="light"
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
            fw={500}
          />
        ))}
      </Stack>
      <Group gap={6} px="xs" pb={4}>
        <span
          style={{
            width: 8,
            height: 8,
            borderRadius: 4,
            background: status === 'open' ? 'var(--mantine-color-green-6)' : 'var(--mantine-color-gray-5)',
          }}
        />
        <Text size="xs" c="dimmed">
          {t(status === 'open' ? 'realtime.live' : 'realtime.offline')}
        </Text>
      </Group>
    </Stack>
  );
}
