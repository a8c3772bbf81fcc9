import { ActionIcon, Badge, Button, Group, Paper, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { IconPencil, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageError } from '../../../components/PageError';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import { toSearchText } from '../../../../shared/search-text';
import { SettingsSection } from '../SettingsSection';
import { useRole } from '../useRole';
import { CannedReplyModal } from './CannedReplyModal';
import { useCannedReplies, useDeleteCannedReply, type CannedReply } from './cannedApi';
import { TemplateText } from './TemplateText';

/** Settings → Canned replies: list with search; supervisors and admins create, edit, delete. */
export function CannedRepliesSettings() {
  const { t } = useTranslation('settings');
  const { isManager } = useRole();
  const replies = useCannedReplies();
  const remove = useDeleteCannedReply();
  const [editing, setEditing] = useState<{ reply?: CannedReply } | null>(null);
  const [deleting, setDeleting] = useState<CannedReply | null>(null);
  const [q, setQ] = useState('');

  const needle = toSearchText(q);
  const list = (replies.data ?? [])
    .filter((r) => !needle || toSearchText(`${r.shortcut} ${r.title} ${r.body}`).includes(needle))
    .sort((a, b) => a.shortcut.localeCompare(b.shortcut));

  return (
    <SettingsSection
      title={t('canned.title')}
      description={t('canned.description')}
      readOnlyNotice={!isManager && t('common.managersOnly')}
      actions={
        isManager && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({})}>
            {t('canned.add')}
          </Button>
        )
      }
    >
      {replies.isError ? (
        <PageError error={replies.error} />
      ) : replies.isPending ? (
        <Stack>
          <Skeleton h={80} radius="md" />
          <Skeleton h={80} radius="md" />
        </Stack>
      ) : replies.data.length === 0 ? (
        <Paper p="xl" radius="md" ta="center">
          <Text fw={500}>{t('canned.empty')}</Text>
          <Text size="sm" c="dimmed" mt={4}>
            {t('canned.emptyHint')}
          </Text>
        </Paper>
      ) : (
        <Stack gap="sm">
          <TextInput leftSection={<IconSearch size={16} />} placeholder={t('canned.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={360} />
          {list.map((r) => (
            <Paper key={r.id} p="md" radius="md">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <div style={{ minWidth: 0 }}>
                  <Group gap="xs" mb={4}>
                    <Badge tt="none" variant="light" ff="monospace">
                      /{r.shortcut}
                    </Badge>
                    <Text fw={600} size="sm">
                      {r.title}
                    </Text>
                  </Group>
                  <TemplateText body={r.body} lineClamp={3} />
                </div>
                {isManager && (
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon variant="subtle" color="gray" aria-label={t('common.edit')} onClick={() => setEditing({ reply: r })}>
                      <IconPencil size={16} />
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => setDeleting(r)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <CannedReplyModal opened={!!editing} reply={editing?.reply} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={!!deleting}
        title={t('canned.deleteTitle', { shortcut: deleting?.shortcut ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => (notifySuccess(t('canned.deleted')), setDeleting(null)),
            onError: (err) => (notifyError(err), setDeleting(null)),
          })
        }
        onClose={() => setDeleting(null)}
      />
    </SettingsSection>
  );
}
