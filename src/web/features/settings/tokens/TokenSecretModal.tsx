import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, TextInput, Tooltip, ActionIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Shows a freshly created token once, with a copy button and the warning that it will not be shown again. */
export function TokenSecretModal({ secret, name, onClose }: { secret: string | null; name: string; onClose: () => void }) {
  const { t } = useTranslation('settings');
  return (
    <Modal
      opened={!!secret}
      onClose={onClose}
      title={<Text fw={600}>{t('tokens.shownOnceTitle')}: {name}</Text>}
      size="lg"
      centered
      closeOnClickOutside={false}
    >
      <Stack>
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          {t('tokens.shownOnceWarning')}
        </Alert>
        <TextInput
          value={secret ?? ''}
          readOnly
          ff="monospace"
          onFocus={(e) => e.currentTarget.select()}
          data-testid="token-secret"
          rightSectionWidth={44}
          rightSection={
            <CopyButton value={secret ?? ''} timeout={2000}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('tokens.copied') : t('tokens.copy')} withArrow>
                  <ActionIcon color={copied ? 'teal' : 'gray'} variant="subtle" onClick={copy} aria-label={t('tokens.copy')}>
                    {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          }
        />
        <div>
          <Text size="sm" c="dimmed" mb={4}>
            {t('tokens.usage')}
          </Text>
          <Code block>{`Authorization: Bearer ${secret ?? ''}`}</Code>
        </div>
        <Group justify="space-between">
          <CopyButton value={secret ?? ''}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? 'teal' : 'brand'} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
                {copied ? t('tokens.copied') : t('tokens.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('tokens.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
