import { Alert, Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconRefresh, IconPlugConnected } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { EmbeddingsStatus, EmbeddingsTest } from '../../../shared/assistant';
import { notifyError, notifySuccess } from '../../lib/apiErrors';
import { formatDateTime } from '../../lib/format';
import { useEmbeddingsStatus, useReembed, useTestEmbeddings } from './assistantApi';

/**
 * Settings → AI assistant → embeddings: on/off and the model's name (saved with the form), what is
 * embedded now (model, articles, passages, last run), a test of the saved endpoint's /v1/embeddings
 * and a re-embed of every article as a background job. Search works without it (BM25).
 */
export function EmbeddingsCard({ enabled, model, onChange }: { enabled: boolean; model: string; onChange: (next: { enabled: boolean; model: string }) => void }) {
  const { t } = useTranslation('assistant');
  const status = useEmbeddingsStatus();
  const test = useTestEmbeddings();
  const reembed = useReembed();
  const s = status.data;

  const onReembed = () =>
    reembed.mutate(undefined, {
      onSuccess: (r) => notifySuccess(r.queued ? t('embeddings.reembedQueued') : t('embeddings.reembedWaiting')),
      onError: notifyError,
    });

  return (
    <Paper p="md" radius="md" data-testid="embeddings-card">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={4}>{t('embeddings.title')}</Title>
          {s?.running && (
            <Badge color="blue" variant="light" data-testid="embeddings-running">
              {t('embeddings.running')}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">{t('embeddings.hint')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Switch label={t('embeddings.enabled')} checked={enabled} onChange={(e) => onChange({ enabled: e.currentTarget.checked, model })} data-testid="embeddings-enabled" />
          <TextInput
            label={t('embeddings.model')}
            description={t('embeddings.modelHint')}
            placeholder="nomic-embed-text"
            value={model}
            disabled={!enabled}
            onChange={(e) => onChange({ enabled, model: e.currentTarget.value })}
          />
        </SimpleGrid>
        {s && <StatusView s={s} />}
        <Group gap="xs">
          <Button variant="default" leftSection={<IconPlugConnected size={16} />} loading={test.isPending} onClick={() => test.mutate(undefined, { onError: notifyError })} data-testid="embeddings-test">
            {t('embeddings.test')}
          </Button>
          <Button variant="default" leftSection={<IconRefresh size={16} />} loading={reembed.isPending} disabled={!s?.model || s.running} onClick={onReembed} data-testid="embeddings-reembed">
            {t('embeddings.reembed')}
          </Button>
        </Group>
        {test.data && <TestResult r={test.data} />}
        <Text size="xs" c="dimmed">{t('embeddings.savedOnly')}</Text>
      </Stack>
    </Paper>
  );
}

function StatusView({ s }: { s: EmbeddingsStatus }) {
  const { t } = useTranslation('assistant');
  if (!s.model) {
    return (
      <Alert color="gray" data-testid="embeddings-status" data-model="">
        {t('embeddings.off', { count: s.articles })}
      </Alert>
    );
  }
  const share = s.articles ? Math.round((s.embedded / s.articles) * 100) : 0;
  return (
    <Stack gap={6} data-testid="embeddings-status" data-model={s.model}>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Figure label={t('embeddings.inUse')} value={s.model} />
        <Figure label={t('embeddings.articles')} value={t('embeddings.ofArticles', { embedded: s.embedded, articles: s.articles })} testId="embeddings-articles" />
        <Figure label={t('embeddings.passages')} value={String(s.passages)} testId="embeddings-passages" />
        <Figure label={t('embeddings.last')} value={s.lastEmbeddedAt ? formatDateTime(s.lastEmbeddedAt) : t('embeddings.never')} />
      </SimpleGrid>
      <Progress value={share} color={share === 100 ? 'teal' : 'yellow'} size="sm" aria-label={t('embeddings.ofArticles', { embedded: s.embedded, articles: s.articles })} />
      {s.embedded < s.articles && !s.running && <Text size="xs" c="dimmed">{t('embeddings.behind', { count: s.articles - s.embedded })}</Text>}
    </Stack>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={600} truncate="end" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function TestResult({ r }: { r: EmbeddingsTest }) {
  const { t } = useTranslation('assistant');
  const error = r.error === 'assistant.no_embeddings' ? t('embeddings.noEndpoint') : r.error;
  return (
    <Text size="sm" c={r.ok ? 'teal' : 'red'} data-testid="embeddings-test-result">
      {r.ok ? t('embeddings.ok', { model: r.model, dimensions: r.dimensions, ms: r.ms }) : t('embeddings.failed', { error })}
    </Text>
  );
}
