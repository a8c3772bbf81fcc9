import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_OPTIONS } from './roleOptions';
import { randomPassword } from './randomPassword';
import { useCreateUser, type NewUser } from './usersApi';
import { fieldErrorsFrom, notifyError, notifySuccess } from '../../../lib/apiErrors';
import type { Role } from '../../../../shared/access';

const empty = (): NewUser => ({ name: '', email: '', password: randomPassword(), role: 'agent', locale: 'vi' });

/** Adds a staff member with a role and an initial password the admin passes on. */
export function AddUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const create = useCreateUser();
  const [form, setForm] = useState<NewUser>(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof NewUser>(k: K, v: NewUser[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: '' }));
  };

  const close = () => {
    setForm(empty());
    setErrors({});
    onClose();
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate(form, {
      onSuccess: ({ user }) => {
        notifySuccess(t('users.created', { name: user.name }));
        close();
      },
      onError: (err) => {
        const fe = fieldErrorsFrom(err, { 'user.email_taken': 'email' });
        setErrors(fe);
        if (Object.keys(fe).length === 0) notifyError(err);
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={t('users.add')} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('users.name')} required value={form.name} error={errors.name} onChange={(e) => set('name', e.currentTarget.value)} data-autofocus />
          <TextInput label={t('users.email')} type="email" required value={form.email} error={errors.email} onChange={(e) => set('email', e.currentTarget.value)} />
          <Select
            label={t('users.role')}
            data={ROLE_OPTIONS.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={form.role}
            onChange={(v) => v && set('role', v as Role)}
            allowDeselect={false}
          />
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <PasswordInput
              style={{ flex: 1 }}
              label={t('users.password')}
              description={t('users.passwordHint')}
              defaultVisible
              required
              value={form.password}
              error={errors.password}
              onChange={(e) => set('password', e.currentTarget.value)}
            />
            <Button variant="default" onClick={() => set('password', randomPassword())}>
              {t('users.generate')}
            </Button>
          </Group>
          <Select
            label={t('users.locale')}
            data={[
              { value: 'vi', label: 'Tiếng Việt' },
              { value: 'en', label: 'English' },
            ]}
            value={form.locale}
            onChange={(v) => v && set('locale', v as 'vi' | 'en')}
            allowDeselect={false}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('users.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
