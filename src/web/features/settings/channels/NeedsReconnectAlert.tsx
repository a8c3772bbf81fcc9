import { Alert, Group, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { readConfig } from './accountConfig';
import { ZaloConnectButton } from './ZaloConnectButton';

/** Kinds whose accounts hold a platform's authorisation that can be lost (a Zalo refresh token, a Page token). */
const AUTHORISED_KINDS = new Set(['zalo', 'messenger']);

/**
 * An enabled Zalo OA or Facebook Page whose connection failed (a lost Zalo refresh token, a revoked
 * Page token): said loudly, because until an admin reconnects it no message comes in or goes out.
 */
export function needsReconnect(a: ChannelAccountDto): boolean {
  return AUTHORISED_KINDS.has(a.kind) && a.enabled && a.status === 'error' && readConfig(a.config).bool('demo') !== true;
}

export function NeedsReconnectAlert({ account: a, withName = false }: { account: ChannelAccountDto; withName?: boolean }) {
  const { t } = useTranslation(a.kind === 'zalo' ? 'channels-zalo' : 'channels-messenger');
  if (!needsReconnect(a)) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      icon={<IconPlugConnectedX size={22} />}
      title={t('reconnectTitle', { name: a.name })}
      data-testid="needs-reconnect"
      data-account-id={a.id}
    >
      <Text size="sm">{t('reconnectBody')}</Text>
      {a.statusMessage && (
        <Text size="xs" mt={4} style={{ opacity: 0.9 }}>
          {withName ? `${a.name}: ` : ''}
          {a.statusMessage}
        </Text>
      )}
      {a.kind === 'zalo' && (
        <Group mt="xs">
          <ZaloConnectButton accountId={a.id} reconnect onAlert size="xs" />
        </Group>
      )}
    </Alert>
  );
}

/** Every account that must be reconnected, at the top of Settings → Channels. */
export function NeedsReconnectAlerts({ accounts }: { accounts: ChannelAccountDto[] }) {
  const broken = accounts.filter(needsReconnect);
  return broken.map((a) => <NeedsReconnectAlert key={a.id} account={a} withName />);
}
