import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IDENTITY_KINDS } from '../../../../shared/common';
import { ApiError } from '../../../lib/api';
import { useAddIdentity } from '../customersApi';
import { errorText, notifySuccess } from '../../../lib/apiErrors';

/** Adds a phone, email, Zalo id … to the profile; one owned by another profile merges it in (undoable). */
export function AddIdentityModal({ customerId, opened, onClose }: { customerId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('customers');
  const add = useAddIdentity(customerId);
  const [kind, setKind] = useState<string>('phone');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();

  const close = () => {
    setValue('');
    setError(undefined);
    onClose();
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    add.mutate(
      { kind, value: value.trim() },
      {
        onSuccess: (r) => {
          notifySuccess(r.merge ? t('merge.done') : t('identity.added'));
          close();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.id === 'customer.invalid_phone') setError(t('validation.phone'));
          else if (err instanceof ApiError && err.id === 'customer.invalid_email') setError(t('validation.email'));
          else setError(errorText(err));
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={t('identity.title')} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select
            label={t('identity.kind')}
            data={IDENTITY_KINDS.map((k) => ({ value: k, label: t(`channel.${k}`) }))}
            value={kind}
            onChange={(v) => v && (setKind(v), setError(undefined))}
            allowDeselect={false}
          />
          <TextInput
            label={t('identity.value')}
            placeholder={t(`identity.valueHint.${kind}`)}
            value={value}
            onChange={(e) => (setValue(e.currentTarget.value), setError(undefined))}
            error={error}
            required
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending} disabled={!value.trim()}>
              {t('actions.addIdentity')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
