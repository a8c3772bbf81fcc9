import { Button, Paper, Switch, Table, Text } from '@mantine/core';
import { IconExternalLink, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '../../../../shared/access';
import { PageError } from '../../../components/PageError';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import { SettingsSection } from '../SettingsSection';
import { TableSkeleton } from '../TableSkeleton';
import { useRole } from '../useRole';
import { CreateTokenModal } from './CreateTokenModal';
import { TokenRow } from './TokenRow';
import { TokenSecretModal } from './TokenSecretModal';
import { useApiTokens, useRevokeApiToken } from './tokensApi';

/** Settings → API tokens (admins): create (secret shown once), list, revoke. */
export function ApiTokensSettings() {
  const { t } = useTranslation('settings');
  const { isAdmin } = useRole();
  const tokens = useApiTokens(isAdmin);
  const revoke = useRevokeApiToken();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ value: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);

  const list = (tokens.data ?? []).filter((x) => showRevoked || !x.revokedAt);
  const hasRevoked = (tokens.data ?? []).some((x) => x.revokedAt);

  return (
    <SettingsSection
      title={t('tokens.title')}
      description={t('tokens.description')}
      readOnlyNotice={!isAdmin && t('common.adminOnly')}
      actions={
        <>
          <Button component="a" href="/api/docs" target="_blank" variant="default" rightSection={<IconExternalLink size={14} />}>
            {t('tokens.docs')}
          </Button>
          {isAdmin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('tokens.add')}
            </Button>
          )}
        </>
      }
    >
      {!isAdmin ? null : tokens.isError ? (
        <PageError error={tokens.error} />
      ) : (
        <Paper radius="md" p={0} style={{ overflowX: 'auto' }}>
          <Table verticalSpacing="sm" horizontalSpacing="md" miw={720}>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('tokens.name')}</Table.Th>
                <Table.Th>{t('tokens.prefix')}</Table.Th>
                <Table.Th>{t('tokens.created')}</Table.Th>
                <Table.Th>{t('tokens.lastUsed')}</Table.Th>
                <Table.Th>{t('tokens.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.isPending ? (
                <TableSkeleton columns={6} rows={2} />
              ) : list.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text size="sm" c="dimmed" ta="center" py="lg">
                      {t('tokens.empty')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ) : (
                list.map((tok) => <TokenRow key={tok.id} token={tok} onRevoke={() => setRevoking(tok)} />)
              )}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {isAdmin && hasRevoked && (
        <Switch size="xs" label={t('tokens.showRevoked')} checked={showRevoked} onChange={(e) => setShowRevoked(e.currentTarget.checked)} />
      )}
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} onCreated={(value, name) => setSecret({ value, name })} />
      <TokenSecretModal secret={secret?.value ?? null} name={secret?.name ?? ''} onClose={() => setSecret(null)} />
      <ConfirmModal
        opened={!!revoking}
        title={t('tokens.revokeTitle', { name: revoking?.name ?? '' })}
        confirmLabel={t('tokens.revoke')}
        loading={revoke.isPending}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => (notifySuccess(t('tokens.revokedDone')), setRevoking(null)),
            onError: (err) => (notifyError(err), setRevoking(null)),
          })
        }
        onClose={() => setRevoking(null)}
      >
        {t('tokens.revokeBody')}
      </ConfirmModal>
    </SettingsSection>
  );
}
