import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FILTERED_MAIL_REASONS, type FilteredMail, type FilteredMailReason } from '../../../../shared/filtered-mail';
import { PageError } from '../../../components/PageError';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import { formatDateTime } from '../../../lib/format';
import { useFileFilteredMail, useFilteredMail } from './filteredMailApi';

const COLOR: Record<FilteredMailReason, string> = {
  list: 'blue', auto_reply: 'grape', bounce: 'red', report: 'orange', duplicate: 'gray', loop: 'yellow', no_sender: 'pink',
};

/** One mailbox's filtered mail: why each was not filed, and "file it anyway". */
export function FilteredMailList({ accountId }: { accountId: string }) {
  const { t } = useTranslation('emailIntake');
  const [reason, setReason] = useState<FilteredMailReason | undefined>();
  const list = useFilteredMail(accountId, reason);
  const file = useFileFilteredMail(accountId);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm" data-testid="filtered-mail">
      <Text size="sm" c="dimmed">
        {t('filtered.intro')}
      </Text>
      <Select
        size="xs"
        maw={260}
        placeholder={t('filtered.all')}
        clearable
        value={reason ?? null}
        onChange={(v) => setReason((v as FilteredMailReason) ?? undefined)}
        data={FILTERED_MAIL_REASONS.map((r) => ({ value: r, label: t(`filtered.reasons.${r}`) }))}
        aria-label={t('filtered.all')}
        data-testid="filtered-mail-reason"
      />
      {list.isError ? (
        <PageError error={list.error} />
      ) : list.isPending ? (
        <Text size="sm" c="dimmed">
          {t('filtered.loading')}
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="md">
          {t('filtered.empty')}
        </Text>
      ) : (
        items.map((m) => (
          <FilteredMailItem
            key={m.id}
            mail={m}
            filing={file.isPending && file.variables === m.id}
            onFile={() =>
              file.mutate(m.id, {
                onSuccess: (r) => notifySuccess(t('filtered.filed', { number: r.ticketNumber })),
                onError: notifyError,
              })
            }
          />
        ))
      )}
      {list.hasNextPage && (
        <Button variant="subtle" size="xs" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('filtered.more')}
        </Button>
      )}
    </Stack>
  );
}

function FilteredMailItem({ mail: m, filing, onFile }: { mail: FilteredMail; filing: boolean; onFile: () => void }) {
  const { t } = useTranslation('emailIntake');
  return (
    <Paper withBorder radius="md" p="sm" data-testid="filtered-mail-item" data-reason={m.reasonKind}>
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Stack gap={2} miw={0} style={{ flex: '1 1 240px' }}>
          <Group gap="xs" wrap="wrap">
            <Badge size="sm" variant="light" color={COLOR[m.reasonKind]}>
              {t(`filtered.reasons.${m.reasonKind}`)}
            </Badge>
            <Text size="xs" c="dimmed">
              {formatDateTime(m.receivedAt)}
            </Text>
          </Group>
          <Text size="sm" fw={600} style={{ wordBreak: 'break-word' }}>
            {m.subject || t('filtered.noSubject')}
          </Text>
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
            {m.from || t('filtered.noSender')}
          </Text>
          {m.preview && (
            <Text size="xs" lineClamp={2} style={{ wordBreak: 'break-word' }}>
              {m.preview}
            </Text>
          )}
          <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-word' }}>
            {m.reason}
          </Text>
        </Stack>
        <Stack gap={4} align="flex-end">
          {m.ticketId && m.ticketNumber !== null && (
            <Anchor component={Link} to={`/tickets/${m.ticketId}`} size="sm" data-testid="filtered-mail-ticket">
              {t('filtered.openTicket', { number: m.ticketNumber })}
            </Anchor>
          )}
          {m.canFile && (
            <Button size="xs" variant="light" loading={filing} onClick={onFile} data-testid="filtered-mail-file">
              {t('filtered.fileAnyway')}
            </Button>
          )}
          {!m.canFile && !m.ticketId && m.reasonKind !== 'duplicate' && (
            <Text size="xs" c="dimmed">
              {t('filtered.notKept')}
            </Text>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}
