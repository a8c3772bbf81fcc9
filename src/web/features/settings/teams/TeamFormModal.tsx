import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../shared/settings';
import { fieldErrorsFrom, notifyError, notifySuccess } from '../../../lib/apiErrors';
import { useCreateTeam, useUpdateTeam } from './teamsApi';

/** Creates a team, or renames/describes an existing one (`team` given). */
export function TeamFormModal({ opened, team, onClose }: { opened: boolean; team?: Team; onClose: () => void }) {
  const { t } = useTranslation('settings');
  return (
    <Modal opened={opened} onClose={onClose} title={team ? t('teams.editTitle') : t('teams.add')} centered>
      {/* A closed modal's content is unmounted, so each opening starts the form from `team`. */}
      <TeamForm team={team} onClose={onClose} />
    </Modal>
  );
}

function TeamForm({ team, onClose }: { team?: Team; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const body = { name: name.trim(), description: description.trim() };
    const onError = (err: unknown) => {
      const fe = fieldErrorsFrom(err, { 'team.name_taken': 'name' });
      setErrors(fe);
      if (Object.keys(fe).length === 0) notifyError(err);
    };
    if (team) {
      update.mutate({ id: team.id, ...body }, { onSuccess: () => (notifySuccess(t('teams.renamed', { name: body.name })), onClose()), onError });
    } else {
      create.mutate(body, { onSuccess: () => (notifySuccess(t('teams.created', { name: body.name })), onClose()), onError });
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('teams.name')}
          placeholder={t('teams.namePlaceholder')}
          required
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
        />
        <Textarea label={t('teams.descriptionLabel')} autosize minRows={2} value={description} error={errors.description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} disabled={!name.trim()}>
            {team ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
