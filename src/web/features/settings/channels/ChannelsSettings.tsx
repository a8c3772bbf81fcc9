import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { ChannelIcon } from '../../../components/ChannelIcon';
import { PageError } from '../../../components/PageError';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import { SettingsSection } from '../SettingsSection';
import { useRole } from '../useRole';
import { AccountRow } from './AccountRow';
import { ChannelAccountModal } from './ChannelAccountModal';
import { useChannelAccounts, useChannelKinds, useDeleteChannelAccount } from './channelsApi';
import { KIND_FORMS, KIND_ORDER } from './kindForms';
import { NeedsReconnectAlerts } from './NeedsReconnectAlert';
import { ZaloConnectResult } from './ZaloConnectResult';

type Editing = { kind: string; account?: ChannelAccountDto; seq: number };

/**
 * Settings → Channels: the workspace's mailboxes, chat widgets and telephony endpoints, grouped by
 * kind. Admins add, change, switch off and remove them; supervisors look; agents do not see the page.
 */
export function ChannelsSettings() {
  const { t } = useTranslation('channels');
  const { isAdmin, isManager, role } = useRole();
  const kinds = useChannelKinds(isManager);
  const accounts = useChannelAccounts(isManager);
  const remove = useDeleteChannelAccount();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<ChannelAccountDto | null>(null);

  if (role === 'agent') return <Navigate to="/settings/users" replace />;

  const list = accounts.data ?? [];
  // Kinds whose adapter takes accounts, plus any kind that still has accounts stored.
  const shown = [...new Set([...(kinds.data ?? []).filter((k) => k.hasAccounts).map((k) => k.kind), ...list.map((a) => a.kind)])]
    .filter((k) => KIND_FORMS[k])
    .sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b));

  return (
    <SettingsSection title={t('title')} description={t('description')} readOnlyNotice={!isAdmin && t('adminOnly')}>
      {kinds.isError || accounts.isError ? (
        <PageError error={kinds.error ?? accounts.error} />
      ) : kinds.isPending || accounts.isPending ? (
        <Text c="dimmed" size="sm">
          {t('loading')}
        </Text>
      ) : shown.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('noKinds')}
        </Text>
      ) : (
        <>
        <ZaloConnectResult />
        <NeedsReconnectAlerts accounts={list} />
        {shown.map((kind) => {
          const mine = list.filter((a) => a.kind === kind);
          return (
            <Paper key={kind} radius="md" p="md" data-testid={`kind-${kind}`}>
              <Group justify="space-between" align="flex-start" mb="sm" gap="sm">
                <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: '1 1 260px' }}>
                  <ChannelIcon channel={kind} size={34} />
                  <div>
                    <Text fw={600}>{t(`kinds.${kind}.title`)}</Text>
                    <Text size="sm" c="dimmed">
                      {t(`kinds.${kind}.description`)}
                    </Text>
                  </div>
                </Group>
                {isAdmin && (
                  <Button size="xs" variant="light" leftSection={<IconPlus size={15} />} onClick={() => setEditing({ kind, seq: Date.now() })} data-testid={`add-${kind}`}>
                    {t(`kinds.${kind}.add`)}
                  </Button>
                )}
              </Group>
              <Stack gap="xs">
                {mine.length === 0 ? (
                  <Text size="sm" c="dimmed" ta="center" py="sm">
                    {t(`kinds.${kind}.empty`)}
                  </Text>
                ) : (
                  mine.map((a) => (
                    <AccountRow key={a.id} account={a} canManage={isAdmin} onEdit={() => setEditing({ kind, account: a, seq: Date.now() })} onDelete={() => setDeleting(a)} />
                  ))
                )}
              </Stack>
            </Paper>
          );
        })}
        </>
      )}
      {editing && (
        <ChannelAccountModal key={`${editing.kind}-${editing.account?.id ?? 'new'}-${editing.seq}`} kind={editing.kind} account={editing.account} readOnly={!isAdmin} onClose={() => setEditing(null)} />
      )}
      <ConfirmModal
        opened={!!deleting}
        title={t('deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('delete')}
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => (notifySuccess(t('deleted')), setDeleting(null)),
            onError: (err) => (notifyError(err), setDeleting(null)),
          })
        }
        onClose={() => setDeleting(null)}
      >
        {t('deleteBody')}
      </ConfirmModal>
    </SettingsSection>
  );
}
