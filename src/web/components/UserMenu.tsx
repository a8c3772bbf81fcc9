import { Avatar, Box, Group, Menu, Switch, Text, UnstyledButton } from '@mantine/core';
import { IconBell, IconChevronDown, IconLogout } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { notifications } from '@mantine/notifications';
import { api } from '../lib/api';
import { qk } from '../lib/queryKeys';
import { useMe, type Me } from '../lib/session';
import { stopRealtime } from '../lib/realtime';
import { initials } from '../lib/initials';
import { errorMessage } from './PageError';

/** Avatar menu: who I am, whether I take new tickets (availability), my notification settings, log out. */
export function UserMenu() {
  const { t } = useTranslation(['common', 'notifications']);
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const user = me.data?.user;

  const availability = useMutation({
    mutationFn: (available: boolean) => api('/users/me', { method: 'PATCH', body: { available } }),
    onMutate: (available) => {
      queryClient.setQueryData<Me>(qk.me, (old) => (old?.user ? { ...old, user: { ...old.user, available } } : old));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: qk.users }),
    onError: (err) => {
      void queryClient.invalidateQueries({ queryKey: qk.me });
      notifications.show({ color: 'red', message: errorMessage(err, t) });
    },
  });

  const logout = async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => {});
    stopRealtime();
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  if (!user) return null;
  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('user.menu')} data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            <Avatar color={user.available ? 'brand' : 'gray'} radius="xl" size={34}>
              {initials(user.name)}
            </Avatar>
            <Box style={{ lineHeight: 1.1 }} visibleFrom="md">
              <Text size="sm" fw={600} truncate maw={140}>
                {user.name}
              </Text>
              <Text size="xs" c={user.available ? 'green.7' : 'dimmed'}>
                {t(user.available ? 'user.available' : 'user.away')}
              </Text>
            </Box>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)">
            {user.name}
          </Text>
          <Text size="xs" c="dimmed">
            {user.email} · {t(`roles.${user.role}`)}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Group px="sm" py={6} justify="space-between" wrap="nowrap">
          <div>
            <Text size="sm">{t('user.availability')}</Text>
            <Text size="xs" c="dimmed">
              {t('user.availabilityHint')}
            </Text>
          </div>
          <Switch
            checked={user.available}
            onChange={(e) => availability.mutate(e.currentTarget.checked)}
            aria-label={t('user.availability')}
          />
        </Group>
        <Menu.Divider />
        <Menu.Item leftSection={<IconBell size={16} />} onClick={() => navigate('/notifications')} data-testid="menu-notifications">
          {t('notifications:menu')}
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={logout}>
          {t('user.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
