import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketListItem } from '../tickets/ticketApi';

/** Which of the selected tickets to keep; the others merge into it. The oldest is offered first. */
export function MergeModal({ opened, tickets, pending, onClose, onMerge }: { opened: boolean; tickets: TicketListItem[]; pending: boolean; onClose: () => void; onMerge: (intoId: string) => void }) {
  const { t } = useTranslation('inboxList');
  const sorted = [...tickets].sort((a, b) => a.number - b.number);
  const [keep, setKeep] = useState<string | null>(null);
  const into = sorted.find((x) => x.id === keep) ?? sorted[0];
  return (
    <Modal opened={opened} onClose={onClose} title={t('bulk.mergeTitle', { count: tickets.length })} data-testid="merge-modal">
      <Stack gap="sm">
        <Alert color="yellow" p="xs">
          <Text size="sm">{t('bulk.mergeHint')}</Text>
        </Alert>
        <Radio.Group value={into?.id ?? null} onChange={setKeep} label={t('bulk.mergeKeep')}>
          <Stack gap={6} mt={6}>
            {sorted.map((x) => (
              <Radio key={x.id} value={x.id} label={`#${x.number} · ${x.subject} — ${x.customer.name}`} styles={{ label: { wordBreak: 'break-word' } }} />
            ))}
          </Stack>
        </Radio.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button color="red" loading={pending} disabled={!into} onClick={() => into && onMerge(into.id)} data-testid="merge-confirm">
            {t('bulk.mergeConfirm', { number: into?.number ?? '' })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
