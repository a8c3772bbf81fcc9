import { Button, CloseButton, Group, Menu, Paper, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconGitMerge, IconProgressCheck, IconTag } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_STATUSES } from '../../../shared/common';
import type { BulkAction } from '../../../shared/tickets-bulk';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/apiErrors';
import { useUsers } from '../../lib/directory';
import { qk } from '../../lib/queryKeys';
import type { TicketListItem } from '../tickets/ticketApi';
import { bulkTickets } from './inboxApi';
import { MergeModal } from './MergeModal';

/** What to do with the selected tickets: assign, change status, tag, merge. All or nothing on the server. */
export function BulkBar({ selected, onDone, onClear }: { selected: TicketListItem[]; onDone: () => void; onClear: () => void }) {
  const { t } = useTranslation(['inboxList', 'common']);
  const users = useUsers();
  const qc = useQueryClient();
  const [tag, setTag] = useState('');
  const [tagOpen, setTagOpen] = useState(false);
  const [merging, setMerging] = useState(false);
  const run = useMutation({
    mutationFn: (action: BulkAction) => bulkTickets({ ticketIds: selected.map((s) => s.id), action }),
    onSuccess: (r) => {
      notifications.show({ color: r.count ? 'teal' : 'gray', message: r.count ? t('bulk.done', { count: r.count }) : t('bulk.nothing') });
      void qc.invalidateQueries({ queryKey: qk.tickets() });
      setTag('');
      setTagOpen(false);
      setMerging(false);
      onDone();
    },
    onError: (err) => {
      const number = err instanceof ApiError ? (err.details as { number?: number } | undefined)?.number : undefined;
      notifications.show({
        color: 'red',
        autoClose: 10_000,
        message: number ? t('bulk.failed', { number, reason: errorText(err) }) : t('bulk.failedPlain', { reason: errorText(err) }),
      });
    },
  });
  const active = (users.data ?? []).filter((u) => u.active !== false);
  return (
    <Paper withBorder radius="md" px="md" py={8} shadow="sm" data-testid="bulk-bar" style={{ position: 'sticky', top: 68, zIndex: 5 }}>
      <Group gap="sm" wrap="wrap">
        <Group gap={4} wrap="nowrap">
          <CloseButton size="sm" onClick={onClear} aria-label={t('bulk.clear')} />
          <Text size="sm" fw={600} data-testid="bulk-count">
            {t('bulk.selected', { count: selected.length })}
          </Text>
        </Group>
        <Select
          size="xs"
          w={190}
          placeholder={t('bulk.assign')}
          aria-label={t('bulk.assign')}
          searchable
          value={null}
          data={[{ value: 'none', label: t('bulk.unassign') }, ...active.map((u) => ({ value: u.id, label: u.name }))]}
          onChange={(v) => v && run.mutate({ type: 'assign', assigneeId: v === 'none' ? null : v })}
          disabled={run.isPending}
          comboboxProps={{ withinPortal: true }}
          data-testid="bulk-assign"
        />
        <Menu withinPortal position="bottom-start">
          <Menu.Target>
            <Button size="xs" variant="default" leftSection={<IconProgressCheck size={15} />} loading={run.isPending} data-testid="bulk-status">
              {t('bulk.status')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {TICKET_STATUSES.map((s) => (
              <Menu.Item key={s} onClick={() => run.mutate({ type: 'status', status: s })} data-testid={`bulk-status-${s}`}>
                {t(`common:status.${s}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Popover opened={tagOpen} onChange={setTagOpen} withinPortal position="bottom-start" trapFocus>
          <Popover.Target>
            <Button size="xs" variant="default" leftSection={<IconTag size={15} />} onClick={() => setTagOpen((o) => !o)} data-testid="bulk-tag">
              {t('bulk.tag')}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap="xs" w={240}>
              <TextInput size="xs" value={tag} onChange={(e) => setTag(e.currentTarget.value)} placeholder={t('bulk.tagPlaceholder')} aria-label={t('bulk.tag')} data-testid="bulk-tag-input" />
              <Group gap="xs" grow>
                <Button size="xs" disabled={!tag.trim()} loading={run.isPending} onClick={() => run.mutate({ type: 'tag', add: [tag.trim()], remove: [] })} data-testid="bulk-tag-add">
                  {t('bulk.addTag')}
                </Button>
                <Button size="xs" variant="default" disabled={!tag.trim()} loading={run.isPending} onClick={() => run.mutate({ type: 'tag', add: [], remove: [tag.trim()] })}>
                  {t('bulk.removeTag')}
                </Button>
              </Group>
            </Stack>
          </Popover.Dropdown>
        </Popover>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconGitMerge size={15} />}
          onClick={() => setMerging(true)}
          disabled={selected.length < 2}
          title={selected.length < 2 ? t('bulk.mergeNeedsTwo') : undefined}
          data-testid="bulk-merge"
        >
          {t('bulk.merge')}
        </Button>
      </Group>
      <MergeModal
        opened={merging}
        tickets={selected}
        pending={run.isPending}
        onClose={() => setMerging(false)}
        onMerge={(intoTicketId) => run.mutate({ type: 'merge', intoTicketId })}
      />
    </Paper>
  );
}
