import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsFrom, notifyError } from '../../../lib/apiErrors';
import { useCreateApiToken } from './tokensApi';

/** Names a new token; on success hands the secret to the caller to show once. */
export function CreateTokenModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (secret: string, name: string) => void }) {
  const { t } = useTranslation('settings');
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();

  const close = () => {
    setName('');
    setError(undefined);
    onClose();
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate(name.trim(), {
      onSuccess: ({ token, apiToken }) => {
        close();
        onCreated(token, apiToken.name);
      },
      onError: (err) => {
        const fe = fieldErrorsFrom(err);
        if (fe.name) setError(fe.name);
        else notifyError(err);
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={t('tokens.add')} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('tokens.name')}
            placeholder={t('tokens.namePlaceholder')}
            required
            value={name}
            error={error}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
