import { Alert, Button, Group, Paper, Skeleton, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBell, IconBellOff, IconBellRinging } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageError } from '../../components/PageError';
import { type NotificationChannels, type NotificationKind, type NotificationPrefs } from '../../../shared/notifications';
import { askDesktopPermission, desktopPermission, showDesktop, type DesktopPermission } from './desktop';
import { useNotificationPrefs, useSaveNotificationPrefs } from './notificationsApi';
import { playChime } from './sound';

const CHANNELS = ['toast', 'sound', 'desktop'] as const satisfies readonly (keyof NotificationChannels)[];
// The settings list kinds in the order a person thinks of them (the server ranks them by specificity);
// a Record keyed by every kind, so a kind added on the server cannot be left off this page.
const POSITION: Record<NotificationKind, number> = { new_conversation: 0, new_message: 1, assigned: 2, mention: 3, sla_at_risk: 4, webhook_paused: 5 };
const ORDER = (Object.keys(POSITION) as NotificationKind[]).sort((a, b) => POSITION[a] - POSITION[b]);

/** "Thông báo": my notification settings (per kind: in-app, sound, desktop) and the browser's permission. */
export function NotificationsPage() {
  const { t } = useTranslation('notifications');
  const prefs = useNotificationPrefs();
  const save = useSaveNotificationPrefs();
  const narrow = useMediaQuery('(max-width: 48em)');

  const toggle = (kind: NotificationKind, channel: keyof NotificationChannels, on: boolean) => {
    if (!prefs.data) return;
    const next: NotificationPrefs = { ...prefs.data, [kind]: { ...prefs.data[kind], [channel]: on } };
    save.mutate(next, {
      onSuccess: () => notifications.show({ id: 'notification-prefs-saved', color: 'green', message: t('page.saved'), autoClose: 2000 }),
      onError: () => notifications.show({ color: 'red', message: t('page.saveFailed') }),
    });
  };

  const tryIt = () => {
    playChime();
    notifications.show({ title: t('page.testTitle'), message: t('page.testBody'), color: 'brand', icon: <IconBellRinging size={18} />, withBorder: true });
    showDesktop({ title: t('page.testTitle'), body: t('page.testBody'), tag: 'tt-test' });
  };

  const switchFor = (kind: NotificationKind, channel: keyof NotificationChannels) => (
    <Switch
      checked={prefs.data?.[kind][channel] ?? false}
      onChange={(e) => toggle(kind, channel, e.currentTarget.checked)}
      aria-label={`${t(`kinds.${kind}`)} — ${t(`page.${channel}`)}`}
      data-testid={`pref-${kind}-${channel}`}
    />
  );

  return (
    <Stack gap="md" maw={900} mx="auto">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div>
          <Title order={2}>{t('page.title')}</Title>
          <Text size="sm" c="dimmed" mt={4} maw={640}>
            {t('page.description')}
          </Text>
        </div>
        <Button variant="default" leftSection={<IconBellRinging size={16} />} onClick={tryIt}>
          {t('page.test')}
        </Button>
      </Group>

      <DesktopPermissionCard />

      {prefs.isError ? (
        <PageError error={prefs.error} />
      ) : !prefs.data ? (
        <Skeleton h={280} radius="md" />
      ) : narrow ? (
        // Phones: one card per kind with its three switches, nothing wider than the screen.
        <Stack gap="sm">
          {ORDER.map((kind) => (
            <Paper key={kind} p="md" radius="md" withBorder>
              <Text fw={600} size="sm">
                {t(`kinds.${kind}`)}
              </Text>
              <Text size="xs" c="dimmed" mb="sm">
                {t(`hints.${kind}`)}
              </Text>
              <Stack gap={8}>
                {CHANNELS.map((c) => (
                  <Group key={c} justify="space-between" wrap="nowrap">
                    <Text size="sm">{t(`page.${c}`)}</Text>
                    {switchFor(kind, c)}
                  </Group>
                ))}
              </Stack>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Paper radius="md" withBorder>
          <Table verticalSpacing="sm" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('page.kind')}</Table.Th>
                {CHANNELS.map((c) => (
                  <Table.Th key={c} ta="center" w={130}>
                    {t(`page.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ORDER.map((kind) => (
                <Table.Tr key={kind}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {t(`kinds.${kind}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`hints.${kind}`)}
                    </Text>
                  </Table.Td>
                  {CHANNELS.map((c) => (
                    <Table.Td key={c}>
                      <Group justify="center">{switchFor(kind, c)}</Group>
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}

/** Where the browser's permission stands, with the one button that asks for it (a click, never on load). */
function DesktopPermissionCard() {
  const { t } = useTranslation('notifications');
  const [permission, setPermission] = useState<DesktopPermission>(desktopPermission);
  const color = permission === 'granted' ? 'green' : permission === 'denied' ? 'red' : 'gray';
  return (
    <Alert
      variant="light"
      color={color}
      icon={permission === 'granted' ? <IconBell size={18} /> : <IconBellOff size={18} />}
      title={t('permission.title')}
      data-testid="desktop-permission"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t(`permission.${permission}`)}</Text>
        {permission === 'default' && (
          <Button size="xs" onClick={() => void askDesktopPermission().then(setPermission)}>
            {t('permission.ask')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
