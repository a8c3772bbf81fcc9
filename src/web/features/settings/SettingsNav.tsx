import { Button, Group, NavLink as MantineNavLink, Paper, ScrollArea, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconClock, IconKey, IconMessageDots, IconUsers, IconUsersGroup, IconAlarm, IconPlugConnected, IconMoodSmile, IconTruckDelivery, IconWebhook, IconHistory, IconBrain, IconRobot } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router-dom';
import { useRole } from './useRole';

/** The settings sub-pages, in the order an admin sets a workspace up. */
export const SETTINGS_PAGES = [
  { path: 'users', icon: IconUsers },
  { path: 'teams', icon: IconUsersGroup },
  { path: 'sla', icon: IconAlarm },
  { path: 'hours', icon: IconClock },
  { path: 'canned', icon: IconMessageDots },
  { path: 'tokens', icon: IconKey },
  // Channels: admins manage, supervisors look, agents do not see it; its label lives in channels.json.
  { path: 'channels', icon: IconPlugConnected, managersOnly: true, label: 'channels:nav' },
  // Surveys: admins and supervisors edit; its label lives in surveys.json.
  { path: 'surveys', icon: IconMoodSmile, managersOnly: true, label: 'surveys:nav' },
  { path: 'notices', icon: IconTruckDelivery, managersOnly: true, label: 'notices:nav' },
  { path: 'ai', icon: IconBrain, managersOnly: true, label: 'ai:nav' },
  { path: 'assistant', icon: IconRobot, managersOnly: true, label: 'assistant:nav' },
  { path: 'webhooks', icon: IconWebhook, managersOnly: true, label: 'webhooks:nav' },
  { path: 'audit', icon: IconHistory, managersOnly: true, label: 'audit:nav' },
] as const satisfies readonly { path: string; icon: unknown; managersOnly?: boolean; label?: string }[];

type SettingsPageEntry = (typeof SETTINGS_PAGES)[number];
const labelKey = (p: SettingsPageEntry) => ('label' in p ? p.label : `nav.${p.path}`);

/** Left-hand navigation between the settings pages. */
export function SettingsNav() {
  const { t } = useTranslation('settings');
  const { pathname } = useLocation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const { isManager } = useRole();
  const pages = SETTINGS_PAGES.filter((p) => isManager || !('managersOnly' in p && p.managersOnly));
  if (narrow) {
    // Phones: one scrollable row of pages instead of a tall list above the content.
    return (
      <ScrollArea type="never" component="nav" aria-label={t('title')}>
        <Group wrap="nowrap" gap={6} pb={4}>
          {pages.map((p) => {
            const active = pathname.startsWith(`/settings/${p.path}`);
            return (
              <Button
                key={p.path}
                component={NavLink}
                to={`/settings/${p.path}`}
                size="xs"
                radius="xl"
                variant={active ? 'light' : 'default'}
                leftSection={<p.icon size={14} stroke={1.7} />}
                style={{ flexShrink: 0 }}
              >
                {t(labelKey(p))}
              </Button>
            );
          })}
        </Group>
      </ScrollArea>
    );
  }
  return (
    <Paper p="xs" radius="md" component="nav" aria-label={t('title')}>
      <Stack gap={2}>
        {pages.map((p) => (
          <MantineNavLink
            key={p.path}
            component={NavLink}
            to={`/settings/${p.path}`}
            label={t(labelKey(p))}
            leftSection={<p.icon size={18} stroke={1.6} />}
            active={pathname.startsWith(`/settings/${p.path}`)}
            variant="light"
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          />
        ))}
      </Stack>
    </Paper>
  );
}
