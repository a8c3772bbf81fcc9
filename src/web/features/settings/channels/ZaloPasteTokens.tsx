import { Button, Group, Stack, Text } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { notifySuccess } from '../../../lib/apiErrors';
import { accountFieldErrors, channelErrorText } from './channelErrors';
import { SecretInput } from './SecretInput';
import { usePasteZaloTokens } from './zaloApi';

/**
 * Tokens pasted by a business that runs its own Zalo app. Stored through their own call (not with the
 * account's other secrets) so the server records them as the account's token pair; possible once the
 * account is saved.
 */
export function ZaloPasteTokens({ account, oaId }: { account?: ChannelAccountDto; oaId: string }) {
  const { t } = useTranslation('channels-zalo');
  const paste = usePasteZaloTokens();
  const [accessToken, setAccessToken] = useState('');
  const [refreshToken, setRefreshToken] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  if (!account) {
    return (
      <Text size="xs" c="dimmed">
        {t('tokensAfterSave')}
      </Text>
    );
  }
  const save = () => {
    setError(null);
    paste.mutate(
      { accountId: account.id, tokens: { accessToken: accessToken.trim(), refreshToken: refreshToken.trim() || undefined, oaId: oaId.trim() || undefined } },
      {
        onSuccess: () => (notifySuccess(t('tokensSaved')), setAccessToken(''), setRefreshToken(''), setErrors({})),
        onError: (err) => (setErrors(accountFieldErrors(err)), setError(channelErrorText(err))),
      },
    );
  };
  return (
    <Stack gap="xs" data-testid="zalo-paste-tokens">
      <Text size="xs" c="dimmed">
        {t('tokensHint')}
      </Text>
      <SecretInput label={t('accessToken')} name="accessToken" value={accessToken} onChange={setAccessToken} stored={!!account.secretsSet.accessToken} error={errors.accessToken} />
      <SecretInput label={t('refreshToken')} description={t('refreshTokenHint')} name="refreshToken" value={refreshToken} onChange={setRefreshToken} stored={!!account.secretsSet.refreshToken} error={errors.refreshToken} />
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
      <Group>
        <Button size="xs" variant="light" leftSection={<IconDeviceFloppy size={15} />} disabled={accessToken.trim().length < 10} loading={paste.isPending} onClick={save} data-testid="zalo-save-tokens">
          {t('saveTokens')}
        </Button>
      </Group>
    </Stack>
  );
}
