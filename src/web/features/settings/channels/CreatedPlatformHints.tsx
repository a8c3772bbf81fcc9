import { Alert, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { messengerWebhookUrl } from './MessengerFields';
import { CopyField } from './WidgetSnippet';
import { ZaloConnectButton } from './ZaloConnectButton';
import { zaloWebhookUrl } from './zaloApi';

/**
 * Right after adding a Zalo OA or a Facebook Page: the webhook URL to paste into the platform's app,
 * then the next step (Zalo: connect through Zalo's permission page; Messenger: the verify token).
 */
export function CreatedPlatformHints({ account, generatedSecret }: { account: ChannelAccountDto; generatedSecret: string | null }) {
  const { t } = useTranslation(account.kind === 'zalo' ? 'channels-zalo' : 'channels-messenger');
  if (account.kind !== 'zalo' && account.kind !== 'messenger') return null;
  const url = account.kind === 'zalo' ? zaloWebhookUrl(account.address) : messengerWebhookUrl(account.address);
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('webhookUrl')}
      </Text>
      <CopyField value={url} testId="webhook-url" />
      <Text size="xs" c="dimmed">
        {t(account.kind === 'zalo' ? 'webhookEvents' : 'webhookFields')}
      </Text>
      {account.kind === 'zalo' && !account.secretsSet.accessToken && (
        <Group>
          <ZaloConnectButton accountId={account.id} />
        </Group>
      )}
      {account.kind === 'messenger' && generatedSecret && (
        <>
          <Text size="sm" fw={500}>
            {t('verifyToken')}
          </Text>
          <CopyField value={generatedSecret} testId="created-verify-token" />
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} py="xs">
            {t('shownOnce')}
          </Alert>
        </>
      )}
    </Stack>
  );
}
