import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Customer, CustomerMerge } from '../../../../shared/customers';
import { api } from '../../../lib/api';
import { useUsers } from '../../../lib/directory';
import { formatDateTime } from '../../../lib/format';
import { qk } from '../../../lib/queryKeys';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { useMerges, useUndoMerge } from '../customersApi';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';

/** The other profile's name: from the merge row when the server sends it, else read from the profile. */
function useCustomerName(id: string, known: string | null | undefined) {
  const q = useQuery({
    queryKey: qk.customer(id),
    queryFn: () => api<{ customer: Customer }>(`/customers/${id}`),
    staleTime: 60_000,
    enabled: known == null,
  });
  return known ?? q.data?.customer.name;
}

function MergeLine({ m, customerId, onUndo }: { m: CustomerMerge; customerId: string; onUndo: (m: CustomerMerge, name: string) => void }) {
  const { t } = useTranslation('customers');
  const otherId = m.targetId === customerId ? m.sourceId : m.targetId;
  const incoming = m.targetId === customerId;
  const name = useCustomerName(otherId, incoming ? m.sourceName : m.targetName) || '…';
  const users = useUsers();
  const by = m.mergedByName ?? (m.mergedBy ? users.data?.find((u) => u.id === m.mergedBy)?.name : null);
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} lineClamp={2}>
          {t(incoming ? 'merge.mergedIn' : 'merge.mergedInto')}{' '}
          <Text span component={Link} to={`/customers/${otherId}`} c="brand.8" fw={600} size="sm">
            {name}
          </Text>
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(m.createdAt)} · {m.reason === 'auto' ? t('merge.auto') : by ? t('merge.by', { name: by }) : t('merge.manual')}
        </Text>
      </div>
      {m.undoneAt ? (
        <Badge tt="none" variant="light" color="gray" size="sm">
          {t('merge.undone')}
        </Badge>
      ) : (
        <Button size="compact-xs" variant="light" color="grape" onClick={() => onUndo(m, name)}>
          {t('merge.undo')}
        </Button>
      )}
    </Group>
  );
}

/** Merges into/out of this profile, each undoable until undone. */
export function MergeHistoryCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation('customers');
  const merges = useMerges(customerId);
  const undo = useUndoMerge(customerId);
  const [pending, setPending] = useState<{ m: CustomerMerge; name: string } | null>(null);
  if (merges.isError || !merges.data?.length) return null;
  return (
    <Paper p="md" radius="md">
      <Stack gap="sm">
        <Title order={5}>{t('merge.history')}</Title>
        {merges.data.map((m) => (
          <MergeLine key={m.id} m={m} customerId={customerId} onUndo={(mm, name) => setPending({ m: mm, name })} />
        ))}
      </Stack>
      <ConfirmModal
        opened={!!pending}
        title={t('merge.undo')}
        confirmLabel={t('merge.undo')}
        color="grape"
        loading={undo.isPending}
        onConfirm={() =>
          pending &&
          undo.mutate(pending.m.id, {
            onSuccess: () => (notifySuccess(t('merge.undoDone')), setPending(null)),
            onError: (err) => (notifyError(err), setPending(null)),
          })
        }
        onClose={() => setPending(null)}
      >
        {t('merge.undoConfirm', { name: pending?.name ?? '' })}
      </ConfirmModal>
    </Paper>
  );
}
