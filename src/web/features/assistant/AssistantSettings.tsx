import { Alert, Button, Group, NumberInput, Paper, PasswordInput, SegmentedControl, Skeleton, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENT_CHANNELS, type AssistantSettings as Settings } from '../../../shared/assistant';
import { notifyError, notifySuccess } from '../../lib/apiErrors';
import { AiLabelFields } from './AiLabelFields';
import { AssistantReport } from './AssistantReport';
import { EmbeddingsCard } from './EmbeddingsCard';
import { HandoffFields } from './HandoffFields';
import { useAssistantSettings, useSaveAssistantSettings, useTestEndpoint } from './assistantApi';

/** Settings → AI agent and model endpoint. */
export function AssistantSettings() {
  const settings = useAssistantSettings();
  if (!settings.data) return <Skeleton h={400} />;
  return <SettingsForm key={JSON.stringify(settings.data)} s={settings.data} />;
}

function SettingsForm({ s }: { s: Settings }) {
  const { t } = useTranslation('assistant');
  const save = useSaveAssistantSettings();
  const test = useTestEndpoint();
  const [baseUrl, setBaseUrl] = useState(s.baseUrl ?? '');
  const [model, setModel] = useState(s.model ?? '');
  const [apiKey, setApiKey] = useState('');
  const [timeoutMs, setTimeoutMs] = useState(s.timeoutMs);
  const [channels, setChannels] = useState<string[]>(s.agentChannels);
  const [schedule, setSchedule] = useState<string>(s.agentSchedule);
  const [maxTurns, setMaxTurns] = useState(s.maxTurns);
  const [threshold, setThreshold] = useState(s.threshold);
  // Three schedule choices do not fit a phone's width side by side.
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const [label, setLabel] = useState({ vi: s.aiLabelVi ?? '', en: s.aiLabelEn ?? '' });
  const [handoff, setHandoff] = useState({ teamId: s.handoffTeamId, segmentIds: s.handoffSegmentIds });
  const [embeddings, setEmbeddings] = useState({ enabled: s.embeddings, model: s.embeddingModel ?? '' });

  const submit = () =>
    save.mutate(
      {
        baseUrl: baseUrl.trim() || null, model: model.trim() || null, apiKey: apiKey ? apiKey : undefined, timeoutMs,
        embeddings: embeddings.enabled, embeddingModel: embeddings.model.trim() || null,
        agentChannels: channels as Settings['agentChannels'], agentSchedule: schedule as Settings['agentSchedule'], maxTurns, threshold,
        handoffTeamId: handoff.teamId, handoffSegmentIds: handoff.segmentIds, aiLabelVi: label.vi.trim() || null, aiLabelEn: label.en.trim() || null,
      },
      { onSuccess: () => notifySuccess(t('saved')), onError: notifyError },
    );

  return (
    <Stack gap="md" maw={900}>
      <div>
        <Title order={2}>{t('title')}</Title>
        <Text size="sm" c="dimmed">{t('subtitle')}</Text>
      </div>
      <Paper p="md" radius="md">
        <Stack gap="sm">
          <Title order={4}>{t('agent.title')}</Title>
          <Text size="sm" c="dimmed">{t('agent.hint')}</Text>
          <Group>
            {AGENT_CHANNELS.map((c) => (
              <Switch key={c} label={t(`channels.${c}`)} checked={channels.includes(c)} onChange={(e) => setChannels((cs) => (e.currentTarget.checked ? [...cs, c] : cs.filter((x) => x !== c)))} />
            ))}
          </Group>
          <div>
            <Text size="sm" fw={500} mb={4}>{t('agent.schedule')}</Text>
            <SegmentedControl value={schedule} onChange={setSchedule} orientation={phone ? 'vertical' : 'horizontal'} fullWidth={phone} data={['always', 'outside_hours', 'business_hours'].map((v) => ({ value: v, label: t(`schedule.${v}`) }))} />
          </div>
          <Group grow>
            <NumberInput label={t('agent.maxTurns')} value={maxTurns} onChange={(v) => setMaxTurns(Number(v) || 1)} min={1} max={20} />
            <NumberInput label={t('agent.threshold')} description={t('agent.thresholdHint')} value={threshold} onChange={(v) => setThreshold(Number(v) || 0)} min={0} max={1} step={0.05} decimalScale={2} />
          </Group>
          <HandoffFields teamId={handoff.teamId} segmentIds={handoff.segmentIds} onChange={setHandoff} />
          <AiLabelFields vi={label.vi} en={label.en} onChange={setLabel} />
        </Stack>
      </Paper>
      <Paper p="md" radius="md">
        <Stack gap="sm">
          <Title order={4}>{t('endpoint.title')}</Title>
          <Text size="sm" c="dimmed">{t('endpoint.hint')}</Text>
          {s.usingEnvDefault && <Alert color="blue">{t('endpoint.envDefault')}</Alert>}
          <TextInput label={t('endpoint.baseUrl')} placeholder="http://localhost:11434/v1" value={baseUrl} onChange={(e) => setBaseUrl(e.currentTarget.value)} />
          <Group grow>
            <TextInput label={t('endpoint.model')} placeholder="qwen2.5:7b-instruct" value={model} onChange={(e) => setModel(e.currentTarget.value)} />
            <NumberInput label={t('endpoint.timeout')} value={timeoutMs} onChange={(v) => setTimeoutMs(Number(v) || 1000)} min={1000} max={120000} step={1000} />
          </Group>
          <PasswordInput label={t('endpoint.apiKey')} description={s.hasApiKey ? t('endpoint.keyStored') : t('endpoint.keyNone')} value={apiKey} onChange={(e) => setApiKey(e.currentTarget.value)} autoComplete="off" />
          <Group gap="xs">
            <Button variant="default" loading={test.isPending} onClick={() => test.mutate(undefined, { onError: notifyError })}>{t('endpoint.test')}</Button>
            {test.data && (
              <Text size="sm" c={test.data.ok ? 'teal' : 'red'}>
                {test.data.ok ? t('endpoint.ok', { model: test.data.model, ms: test.data.ms }) : t('endpoint.failed', { error: test.data.error })}
              </Text>
            )}
          </Group>
        </Stack>
      </Paper>
      <EmbeddingsCard enabled={embeddings.enabled} model={embeddings.model} onChange={setEmbeddings} />
      <Group justify="flex-end">
        <Button onClick={submit} loading={save.isPending} data-testid="assistant-save">{t('save')}</Button>
      </Group>
      <AssistantReport />
    </Stack>
  );
}
