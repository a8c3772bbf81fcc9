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

/** First visit: name the workspace and create the first admin, who is then logged in. */
export function SetupPage() {
  const { t } = useTranslation('auth');
  const setup = useSetupNeeded();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ workspaceName: '', name: '', email: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (setup.isPending) return <FullPageLoader />;
  if (setup.data && !setup.data.needed) return <Navigate to="/login" replace />;

  const field = (k: keyof typeof form) => ({
    value: form[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.currentTarget.value }),
    name: k,
  });
  const tooShort = form.password.length > 0 && form.password.length < 8;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (form.password.length < 8) return setError(t('setup.passwordTooShort'));
    setBusy(true);
    setError(null);
    try {
      await api('/setup', { method: 'POST', body: { ...form, email: form.email.trim(), locale: currentLanguage() } });
      queryClient.setQueryData(qk.setup, { needed: false });
      await queryClient.resetQueries({ queryKey: qk.me });
      navigate('/', { replace: true });
    } catch (err) {
      setError(errorMessage(err, t));
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
          <TextInput label={t('fields.email')} type="email" required autoComplete="username" {...field('email')} />
          <PasswordInput
            label={t('fields.password')}
            description={t('setup.passwordHint')}
            error={tooShort ? t('setup.passwordTooShort') : undefined}
            required
            autoComplete="new-password"
            {...field('password')}
          />
          <Button type="submit" loading={busy} fullWidth size="md" mt="xs">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
