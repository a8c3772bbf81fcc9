import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconMail, IconPhone } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { IdentityClaim } from '../../../shared/identity-claims';
import { api } from '../../lib/api';
import { notifyError, notifySuccess } from '../../lib/apiErrors';
import { formatPhone } from '../../lib/format';

/**
 * Phones and emails the customer typed themselves (the chat's pre-chat form): shown as unverified,
 * never merged by themselves. When another profile already has one, the agent can confirm "this is
 * that customer" (an undoable merge into that profile); otherwise confirm adds it to this profile.
 */
export function IdentityClaims({ customerId }: { customerId: string }) {
  const { t } = useTranslation('identityClaims');
  const qc = useQueryClient();
  const claims = useQuery({
    queryKey: ['customer-claims', customerId],
    queryFn: () => api<{ claims: IdentityClaim[] }>(`/customers/${customerId}/claims`),
  });
  const confirm = useMutation({
    mutationFn: (c: IdentityClaim) => api<{ customerId: string; mergeId: string | null }>(`/customers/${customerId}/claims/${c.id}/confirm`, { method: 'POST' }),
    onSuccess: (r, c) => {
      notifySuccess(r.mergeId ? t('merged', { name: c.owner?.name || t('unnamed') }) : t('added', { value: c.value }));
      // The conversation may now belong to another profile: everything showing it reloads.
      void qc.invalidateQueries();
    },
    onError: notifyError,
  });
  const open = (claims.data?.claims ?? []).filter((c) => !c.confirmedAt);
  if (open.length === 0) return null;
  return (
    // A Paper rather than an Alert: in the narrow side column an Alert's body did not wrap its text.
    <Paper withBorder p="sm" radius="md" mt="sm" bg="var(--mantine-color-yellow-light)" style={{ minWidth: 0, overflowWrap: 'anywhere' }} data-testid="identity-claims">
      <Group gap={6} wrap="nowrap" align="flex-start" mb={4}>
        <IconAlertTriangle size={16} color="var(--mantine-color-yellow-filled)" style={{ flexShrink: 0, marginTop: 2 }} />
        <Text size="sm" fw={700}>
          {t('title')}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mb={6}>
        {t('hint')}
      </Text>
      <Stack gap={8}>
        {open.map((c) => (
          <Stack key={c.id} gap={4}>
            <Group gap={6} wrap="nowrap">
              {c.kind === 'phone' ? <IconPhone size={14} /> : <IconMail size={14} />}
              <Text size="sm" fw={600} truncate>
                {c.kind === 'phone' ? formatPhone(c.value) : c.value}
              </Text>
            </Group>
            {c.owner && (
              <Text size="xs" c="dimmed">
                {t('ownedBy', { name: c.owner.name || t('unnamed') })}
              </Text>
            )}
            <Button
              size="compact-sm"
              variant="light"
              color={c.owner ? 'orange' : 'teal'}
              loading={confirm.isPending && confirm.variables?.id === c.id}
              onClick={() => confirm.mutate(c)}
              data-testid="confirm-claim"
              // Long names wrap inside the button instead of running out of the side column.
              styles={{ root: { height: 'auto', minHeight: 26, alignSelf: 'flex-start', maxWidth: '100%' }, label: { whiteSpace: 'normal', textAlign: 'left', lineHeight: 1.3, paddingBlock: 3 } }}
            >
              {c.owner ? t('confirmAs', { name: c.owner.name || t('unnamed') }) : t('confirmAdd')}
            </Button>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
