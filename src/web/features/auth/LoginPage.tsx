import { useState } from 'react';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';
import { useMe, useSetupNeeded } from '../../lib/session';
import { errorMessage } from '../../components/PageError';
import { AuthFrame } from './AuthFrame';
import { loginProblems, serverFieldProblems, type FieldProblems } from './authValidation';

const SERVER_TEXTS = { email: 'errors.emailInvalid', password: 'errors.passwordRequired' };

/** Email + password login; goes back to the page that asked for it. */
export function LoginPage() {
  const { t } = useTranslation('auth');
  const setup = useSetupNeeded();
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<FieldProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (setup.data?.needed) return <Navigate to="/setup" replace />;
  // Already logged in (e.g. a bookmarked /login): go straight to work.
  if (me.data && !busy) return <Navigate to="/" replace />;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found = loginProblems(email, password);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(found.email ? 'login-email' : 'login-password')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('/auth/login', { method: 'POST', body: { email: email.trim(), password } });
      await queryClient.resetQueries({ queryKey: qk.me });
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      const onFields = serverFieldProblems(err, SERVER_TEXTS);
      if (Object.keys(onFields).length > 0) setProblems(onFields);
      else setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('login.title')} subtitle={t('login.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" icon={<IconAlertCircle />} variant="light" data-testid="login-error">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('fields.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => {
              setEmail(e.currentTarget.value);
              if (problems.email) setProblems({ ...problems, email: undefined });
            }}
            name="email"
            id="login-email"
            error={problems.email ? t(problems.email) : undefined}
            autoFocus
          />
          <PasswordInput
            label={t('fields.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              if (problems.password) setProblems({ ...problems, password: undefined });
            }}
            name="password"
            id="login-password"
            error={problems.password ? t(problems.password) : undefined}
          />
          <Button type="submit" loading={busy} fullWidth size="md" mt="xs">
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
