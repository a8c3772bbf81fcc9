import { Group, Kbd, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const KEYS: [string[], string][] = [
  [['j', '↓'], 'next'],
  [['k', '↑'], 'prev'],
  [['Enter'], 'open'],
  [['r'], 'reply'],
  [['x'], 'select'],
  [['Esc'], 'clear'],
  [['?'], 'help'],
];

/** The inbox's keyboard shortcuts, opened with "?". */
export function ShortcutsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('inboxList');
  return (
    <Modal opened={opened} onClose={onClose} title={t('keys.title')} size="sm" data-testid="shortcuts-modal">
      <Stack gap="xs">
        {KEYS.map(([keys, label]) => (
          <Group key={label} justify="space-between" wrap="nowrap">
            <Text size="sm">{t(`keys.${label}`)}</Text>
            <Group gap={4} wrap="nowrap">
              {keys.map((k) => (
                <Kbd key={k}>{k}</Kbd>
              ))}
            </Group>
          </Group>
        ))}
      </Stack>
    </Modal>
  );
}
