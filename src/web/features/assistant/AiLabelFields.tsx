import { Badge, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AI_LABEL_DEFAULT, aiPrefix } from '../../../shared/assistant';

/**
 * The label the AI agent's messages carry, per language: a badge in the web chat widget and the
 * agents' thread, a prefix on Zalo and Messenger (plain text). Empty: the default label.
 */
export function AiLabelFields({ vi, en, onChange }: { vi: string; en: string; onChange: (next: { vi: string; en: string }) => void }) {
  const { t } = useTranslation('assistant');
  const label = vi.trim() || AI_LABEL_DEFAULT.vi;
  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500}>{t('label.title')}</Text>
        <Text size="xs" c="dimmed">{t('label.hint')}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label={t('label.vi')} placeholder={AI_LABEL_DEFAULT.vi} value={vi} maxLength={40} onChange={(e) => onChange({ vi: e.currentTarget.value, en })} data-testid="ai-label-vi" />
        <TextInput label={t('label.en')} placeholder={AI_LABEL_DEFAULT.en} value={en} maxLength={40} onChange={(e) => onChange({ vi, en: e.currentTarget.value })} data-testid="ai-label-en" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Paper withBorder p="xs" radius="sm">
          <Text size="xs" c="dimmed" mb={4}>{t('label.previewWidget')}</Text>
          <Group gap={6} wrap="nowrap">
            <Text size="xs" fw={600}>{label}</Text>
            <Badge size="xs" color="violet" variant="light">AI</Badge>
          </Group>
          <Text size="sm">{t('label.sample')}</Text>
        </Paper>
        <Paper withBorder p="xs" radius="sm">
          <Text size="xs" c="dimmed" mb={4}>{t('label.previewText')}</Text>
          <Text size="sm" data-testid="ai-label-preview">{aiPrefix(label)}{t('label.sample')}</Text>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
