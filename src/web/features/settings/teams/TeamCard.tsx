import { ActionIcon, Avatar, Badge, Group, Menu, Paper, Text, Tooltip } from '@mantine/core';
import { IconDots, IconPencil, IconTrash, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../shared/settings';
import { initials } from '../../../lib/initials';

interface Props {
  team: Team;
  canManage: boolean;
  onEdit: () => void;
  onMembers: () => void;
  onDelete: () => void;
}

/** One team: name, purpose, member avatars; edit actions for supervisors and admins. */
export function TeamCard({ team, canManage, onEdit, onMembers, onDelete }: Props) {
  const { t } = useTranslation('settings');
  return (
    <Paper p="md" radius="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={600}>{team.name}</Text>
            <Badge tt="none" variant="light" color="gray" size="sm">
              {t('teams.membersCount', { count: team.members.length })}
            </Badge>
          </Group>
          {team.description && (
            <Text size="sm" c="dimmed" mt={2} lineClamp={2}>
              {team.description}
            </Text>
          )}
        </div>
        {canManage && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t('common.edit')}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconUsers size={16} />} onClick={onMembers}>
                {t('teams.editMembers')}
              </Menu.Item>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit}>
                {t('teams.rename')}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={onDelete}>
                {t('common.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Group mt="md" gap="xs">
        {team.members.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('teams.noMembers')}
          </Text>
        ) : (
          <Avatar.Group spacing={4}>
            {team.members.slice(0, 8).map((m) => (
              <Tooltip key={m.id} label={`${m.name}${m.available ? '' : ` · ${t('users.away')}`}`} withArrow>
                <Avatar radius="xl" size={32} color={m.available ? 'brand' : 'gray'}>
                  {initials(m.name)}
                </Avatar>
              </Tooltip>
            ))}
            {team.members.length > 8 && <Avatar radius="xl" size={32}>+{team.members.length - 8}</Avatar>}
          </Avatar.Group>
        )}
        {canManage && (
          <Text size="sm" c="brand.8" style={{ cursor: 'pointer' }} onClick={onMembers}>
            {t('teams.editMembers')}
          </Text>
        )}
      </Group>
    </Paper>
  );
}
