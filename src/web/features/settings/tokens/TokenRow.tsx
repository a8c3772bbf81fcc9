import { Badge, Button, Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '../../../../shared/access';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';

/** One token: name, prefix to recognise it, created, last used, revoke. */
export function TokenRow({ token, onRevoke }: { token: ApiToken; onRevoke: () => void }) {
  const { t } = useTranslation('settings');
  const revoked = !!token.revokedAt;
  return (
    <Table.Tr style={{ opacity: revoked ? 0.55 : 1 }}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {token.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Code>{token.prefix}…</Code>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDate(token.createdAt)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={token.lastUsedAt ? formatDateTime(token.lastUsedAt) : undefined}>
          {token.lastUsedAt ? formatRelative(token.lastUsedAt) : t('common.never')}
        </Text>
      </Table.Td>
      <Table.Td>
        {revoked ? (
          <Badge tt="none" color="gray" variant="light">
            {t('tokens.revoked', { date: formatDate(token.revokedAt) })}
          </Badge>
        ) : (
          <Badge tt="none" color="green" variant="dot">
            {t('tokens.active')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td ta="right">
        {!revoked && (
          <Button size="xs" variant="subtle" color="red" onClick={onRevoke}>
            {t('tokens.revoke')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
