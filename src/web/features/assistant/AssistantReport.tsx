import { Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAssistantMetrics } from './assistantApi';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

/** The AI agent's figures for the last 30 days: conversations, resolved by AI, hand-off rate and reasons, CSAT of AI-handled conversations. */
export function AssistantReport() {
  const { t } = useTranslation('assistant');
  const m = useAssistantMetrics();
  if (!m.data) return <Skeleton h={140} />;
  const d = m.data;
  const tiles: [string, string][] = [
    [t('report.conversations'), String(d.conversations)],
    [t('report.resolution'), pct(d.resolutionRate)],
    [t('report.handoff'), pct(d.handoffRate)],
    [t('report.csat'), d.csatAi === null ? '—' : `${d.csatAi.toFixed(2)} / 5 (${d.csatAiCount})`],
  ];
  return (
    <Paper p="md" radius="md" data-testid="assistant-report">
      <Stack gap="sm">
        <Title order={4}>{t('report.title')}</Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {tiles.map(([label, value]) => (
            <div key={label}>
              <Text size="xs" c="dimmed">{label}</Text>
              <Text fw={700} size="xl">{value}</Text>
            </div>
          ))}
        </SimpleGrid>
        {d.reasons.length > 0 && (
          <Group gap="md">
            {d.reasons.map((r) => (
              <Text key={r.reason} size="xs" c="dimmed">{t(`reasons.${r.reason}`, { defaultValue: r.reason })}: {r.count}</Text>
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
