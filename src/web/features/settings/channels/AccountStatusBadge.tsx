import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';

const COLORS = { ok: 'green', error: 'red', disabled: 'gray' } as const;

/** Working / error (the reason on hover and below) / turned off. */
export function AccountStatusBadge({ account }: { account: ChannelAccountDto }) {
  const { t } = useTranslation('channels');
  const status = account.enabled ? account.status : 'disabled';
  const badge = (
    <Badge tt="none" variant={status === 'ok' ? 'dot' : 'light'} color={COLORS[status]} data-testid="account-status" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
  return account.statusMessage && status === 'error' ? (
    <Tooltip label={account.statusMessage} multiline maw={360} withArrow>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}
