import { Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerNote } from '../../../../shared/customers';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useAddNote } from '../customersApi';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';

/** Internal notes about the customer (newest first) and a box to add one. */
export function NotesCard({ customerId, notes, disabled }: { customerId: string; notes: CustomerNote[]; disabled?: boolean }) {
  const { t } = useTranslation('customers');
  const add = useAddNote(customerId);
  const [body, setBody] = useState('');
  const sorted = [...notes].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));

  const submit = () =>
    add.mutate(body.trim(), {
      onSuccess: () => {
        setBody('');
        notifySuccess(t('notes.added'));
      },
      onError: notifyError,
    });

  return (
    <Paper p="md" radius="md">
      <Stack gap="sm">
        <Title order={5}>{t('notes.title')}</Title>
        {!disabled && (
          <>
            <Textarea
              placeholder={t('notes.placeholder')}
              autosize
              minRows={2}
              maxRows={8}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && body.trim()) submit();
              }}
              aria-label={t('notes.title')}
            />
            <Group justify="flex-end">
              <Button size="xs" onClick={submit} disabled={!body.trim()} loading={add.isPending}>
                {t('notes.add')}
              </Button>
            </Group>
          </>
        )}
        {sorted.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('notes.none')}
          </Text>
        ) : (
          sorted.slice(0, 5).map((n) => (
            <Paper key={n.id} p="xs" radius="sm" bg="yellow.0" withBorder={false}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {n.body}
              </Text>
              <Text size="xs" c="dimmed" mt={4} title={formatDateTime(n.createdAt)}>
                {n.authorName ?? t('timeline.someone')} · {formatRelative(n.createdAt)}
              </Text>
            </Paper>
          ))
        )}
      </Stack>
    </Paper>
  );
}
