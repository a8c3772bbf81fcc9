import { useState } from 'react';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';
import { currentLanguage } from '../../lib/i18n';
import { useSetupNeeded } from '../../lib/session';
import { errorMessage } from '../../components/PageError';
import { FullPageLoader } from '../../components/FullPageLoader';
import { AuthFrame } from './AuthFrame';
import { SETUP_FIELDS, serverFieldProblems, setupProblems, type FieldProblems, type SetupField, type SetupForm } from './authValidation';

const SERVER_TEXTS = {
  workspaceName: 'errors.workspaceNameRequired',
  name: 'errors.nameRequired',
  email: 'errors.emailInvalid',
  password: 'setup.passwordTooShort',
};

/** First visit: name the workspace and create the first admin, who is then logged in. */
export function SetupPage() {
  const { t } = useTranslation('auth');
  const setup = useSetupNeeded();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SetupForm>({ workspaceName: '', name: '', email: '', password: '' });
  // Problems are shown once the user tried to submit (or left a field), then follow every keystroke.
  const [problems, setProblems] = useState<FieldProblems>({});
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (setup.isPending) return <FullPageLoader />;
  if (setup.data && !setup.data.needed) return <Navigate to="/login" replace />;

  const update = (k: SetupField, value: string) => {
    const next = { ...form, [k]: value };
    setForm(next);
    if (submitted || problems[k]) setProblems({ ...problems, [k]: setupProblems(next)[k] });
  };
  const field = (k: SetupField) => ({
    value: form[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => update(k, e.currentTarget.value),
    onBlur: () => {
      if (form[k]) setProblems({ ...problems, [k]: setupProblems(form)[k] });
    },
    name: k,
    id: `setup-${k}`,
    error: problems[k] ? t(problems[k]) : undefined,
  });

  const focusFirst = (found: FieldProblems) => {
    const first = SETUP_FIELDS.find((k) => found[k]);
    if (first) document.getElementById(`setup-${first}`)?.focus();
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const found = setupProblems(form);
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirst(found);
    setBusy(true);
    setError(null);
    try {
      await api('/setup', { method: 'POST', body: { ...form, email: form.email.trim(), locale: currentLanguage() } });
      queryClient.setQueryData(qk.setup, { needed: false });
      await queryClient.resetQueries({ queryKey: qk.me });
      navigate('/', { replace: true });
    } catch (err) {
      const onFields = serverFieldProblems(err, SERVER_TEXTS);
      if (Object.keys(onFields).length > 0) {
        setProblems(onFields);
        focusFirst(onFields);
      } else setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('setup.title')} subtitle={t('setup.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" icon={<IconAlertCircle />} variant="light">
              {error}
            </Alert>
          )}
          <TextInput label={t('fields.workspaceName')} placeholder={t('setup.workspacePlaceholder')} required autoFocus {...field('workspaceName')} />
          <TextInput label={t('fields.name')} placeholder={t('setup.namePlaceholder')} required autoComplete="name" {...field('name')} />
          <TextInput label={t('fields.email')} placeholder={t('setup.emailPlaceholder')} type="email" required autoComplete="username" {...field('email')} />
          <PasswordInput label={t('fields.password')} description={t('setup.passwordHint')} required autoComplete="new-password" {...field('password')} />
          <Button type="submit" loading={busy} fullWidth size="md" mt="xs">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
