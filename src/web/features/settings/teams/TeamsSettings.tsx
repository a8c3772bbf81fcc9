import { Button, Paper, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../shared/settings';
import { PageError } from '../../../components/PageError';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import { SettingsSection } from '../SettingsSection';
import { useRole } from '../useRole';
import { TeamCard } from './TeamCard';
import { TeamFormModal } from './TeamFormModal';
import { TeamMembersModal } from './TeamMembersModal';
import { useDeleteTeam, useTeams } from './teamsApi';

/** Settings → Teams: departments, their members; supervisors and admins edit. */
export function TeamsSettings() {
  const { t } = useTranslation('settings');
  const { isManager } = useRole();
  const teams = useTeams();
  const remove = useDeleteTeam();
  const [form, setForm] = useState<{ team?: Team } | null>(null);
  const [members, setMembers] = useState<Team | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);

  const confirmDelete = () =>
    deleting &&
    remove.mutate(deleting.id, {
      onSuccess: () => (notifySuccess(t('teams.deleted')), setDeleting(null)),
      onError: (err) => (notifyError(err), setDeleting(null)),
    });

  return (
    <SettingsSection
      title={t('teams.title')}
      description={t('teams.description')}
      readOnlyNotice={!isManager && t('common.managersOnly')}
      actions={
        isManager && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({})}>
            {t('teams.add')}
          </Button>
        )
      }
    >
      {teams.isError ? (
        <PageError error={teams.error} />
      ) : teams.isPending ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Skeleton h={120} radius="md" />
          <Skeleton h={120} radius="md" />
        </SimpleGrid>
      ) : teams.data.length === 0 ? (
        <Paper p="xl" radius="md" ta="center">
          <Text fw={500}>{t('teams.empty')}</Text>
          <Text size="sm" c="dimmed" mt={4}>
            {t('teams.emptyHint')}
          </Text>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {teams.data.map((team) => (
            <TeamCard
              key={team.id}
              team={team}
              canManage={isManager}
              onEdit={() => setForm({ team })}
              onMembers={() => setMembers(team)}
              onDelete={() => setDeleting(team)}
            />
          ))}
        </SimpleGrid>
      )}
      <TeamFormModal opened={!!form} team={form?.team} onClose={() => setForm(null)} />
      <TeamMembersModal team={members} onClose={() => setMembers(null)} />
      <ConfirmModal
        opened={!!deleting}
        title={t('teams.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      >
        {t('teams.deleteBody')}
      </ConfirmModal>
    </SettingsSection>
  );
}
