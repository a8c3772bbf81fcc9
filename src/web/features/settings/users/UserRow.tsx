import { Avatar, Badge, Button, Group, Select, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '../../../../shared/access';
import { formatDate } from '../../../lib/format';
import { initials } from '../../../lib/initials';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import { ROLE_OPTIONS } from './roleOptions';
import { useUpdateUser } from './usersApi';

/** One staff member: role select and (de)activation for admins, plain text for others. */
export function UserRow({ user, canManage, isMe }: { user: User; canManage: boolean; isMe: boolean }) {
  const { t } = useTranslation('settings');
  const update = useUpdateUser();
  const [confirming, setConfirming] = useState(false);

  const changeRole = (role: Role) =>
    update.mutate(
      { id: user.id, role },
      { onSuccess: () => notifySuccess(t('users.roleChanged', { name: user.name })), onError: notifyError },
    );
  const setActive = (active: boolean) =>
    update.mutate(
      { id: user.id, active },
      {
        onSuccess: () => {
          setConfirming(false);
          notifySuccess(t(active ? 'users.reactivated' : 'users.deactivated', { name: user.name }));
        },
        onError: (err) => {
          setConfirming(false);
          notifyError(err);
        },
      },
    );

  return (
    <Table.Tr style={{ opacity: user.active ? 1 : 0.6 }}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar radius="xl" size={34} color={user.active ? 'brand' : 'gray'}>
            {initials(user.name)}
          </Avatar>
          <div>
            <Group gap={6}>
              <Text size="sm" fw={500}>
                {user.name}
              </Text>
              {isMe && (
                <Badge tt="none" size="xs" variant="light" color="gray">
                  {t('users.you')}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {user.email}
            </Text>
          </div>
        </Group>
      </Table.Td>
      <Table.Td w={200}>
        {canManage && user.active ? (
          <Select
            size="xs"
            aria-label={t('users.role')}
            data={ROLE_OPTIONS.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={user.role}
            onChange={(v) => v && v !== user.role && changeRole(v as Role)}
            allowDeselect={false}
            disabled={update.isPending}
          />
        ) : (
          <Text size="sm">{t(`roles.${user.role}`)}</Text>
        )}
      </Table.Td>
      <Table.Td>
        {user.active ? (
          // Available and online (a socket open) is green; available with the app closed says so.
          <Badge tt="none" variant="dot" color={user.available && user.online !== false ? 'green' : 'gray'}>
            {t(!user.available ? 'users.away' : user.online === false ? 'notifications:presence.availableOffline' : 'users.available')}
          </Badge>
        ) : (
          <Badge tt="none" variant="light" color="gray">
            {t('users.inactive')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {formatDate(user.createdAt)}
        </Text>
      </Table.Td>
      {canManage && (
        <Table.Td ta="right">
          {!isMe &&
            (user.active ? (
              <Button size="xs" variant="subtle" color="gray" onClick={() => setConfirming(true)}>
                {t('users.deactivate')}
              </Button>
            ) : (
              <Button size="xs" variant="subtle" onClick={() => setActive(true)} loading={update.isPending}>
                {t('users.reactivate')}
              </Button>
            ))}
          <ConfirmModal
            opened={confirming}
            title={t('users.deactivateTitle', { name: user.name })}
            confirmLabel={t('users.deactivate')}
            loading={update.isPending}
            onConfirm={() => setActive(false)}
            onClose={() => setConfirming(false)}
          >
            {t('users.deactivateBody')}
          </ConfirmModal>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
