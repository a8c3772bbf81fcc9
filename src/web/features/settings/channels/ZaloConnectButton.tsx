import { Button } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../../lib/apiErrors';
import { useZaloConnect } from './zaloApi';

/** "Kết nối với Zalo": opens Zalo's permission page for the OA; Zalo sends the admin back here. */
export function ZaloConnectButton({ accountId, reconnect = false, onAlert = false, size = 'sm' }: { accountId: string; reconnect?: boolean; onAlert?: boolean; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation('channels-zalo');
  const connect = useZaloConnect();
  return (
    <Button
      size={size}
      color={onAlert ? 'red' : 'blue'}
      variant={onAlert ? 'white' : 'filled'}
      leftSection={<IconPlugConnected size={16} />}
      loading={connect.isPending}
      onClick={() => connect.mutate(accountId, { onError: notifyError })}
      data-testid="zalo-connect"
    >
      {t(reconnect ? 'reconnect' : 'connect')}
    </Button>
  );
}
