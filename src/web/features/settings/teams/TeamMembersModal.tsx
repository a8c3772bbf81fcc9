import { Button, Group, Modal, MultiSelect, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../shared/settings';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import { useUsers } from '../users/usersApi';
import { useSetTeamMembers } from './teamsApi';

/** Picks the members of a team among the active staff. */
export function TeamMembersModal({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const { t } = useTranslation('settings');
  return (
    <Modal opened={!!team} onClose={onClose} title={team ? t('teams.membersTitle', { name: team.name }) : ''} centered size="lg">
      {/* A closed modal's content is unmounted, so each opening starts from the team's members. */}
      {team && <MembersForm team={team} onClose={onClose} />}
    </Modal>
  );
}

function MembersForm({ team, onClose }: { team: Team; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const users = useUsers();
  const save = useSetTeamMembers();
  const [ids, setIds] = useState<string[]>(() => team.members.map((m) => m.id));

  const options = (users.data ?? [])
    .filter((u) => u.active || ids.includes(u.id))
    .map((u) => ({ value: u.id, label: `${u.name} · ${t(`roles.${u.role}`)}` }));

  const submit = () => {
    save.mutate(
      { id: team.id, userIds: ids },
      { onSuccess: () => (notifySuccess(t('teams.membersSaved')), onClose()), onError: notifyError },
    );
  };

  return (
    <Stack>
      <MultiSelect
        data={options}
        value={ids}
        onChange={setIds}
        searchable
        placeholder={t('teams.membersPlaceholder')}
        nothingFoundMessage="—"
        hidePickedOptions
        comboboxProps={{ withinPortal: true }}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button onClick={submit} loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}
