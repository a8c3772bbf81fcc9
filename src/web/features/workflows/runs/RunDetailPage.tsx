import { ActionIcon, Alert, Anchor, Badge, Box, Code, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconClock, IconPlayerSkipForward, IconRefresh, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { RunStep } from '../../../../shared/workflows';
import { PageError } from '../../../components/PageError';
import { formatDateTime } from '../../../lib/format';
import { KIND_STYLE, readable } from '../editor/nodes';
import { useTypeText } from '../editor/typeText';
import { useRun } from '../workflowsApi';
import { RUN_STATUS_COLOR, runDuration } from './RunLogPage';

const STEP_ICON: Record<string, typeof IconCheck> = { ok: IconCheck, failed: IconX, skipped: IconPlayerSkipForward, waiting: IconClock, retrying: IconRefresh, would_do: IconCheck };
const STEP_COLOR: Record<string, string> = { ok: 'green', failed: 'red', skipped: 'gray', waiting: 'indigo', retrying: 'orange', would_do: 'teal' };

/** /workflows/runs/:runId — one run: what started it, the version, and each step's input, decision, output, timing, errors and retries. */
export function RunDetailPage() {
  const { runId = '' } = useParams();
  const { t } = useTranslation('workflows');
  const typeText = useTypeText();
  const q = useRun(runId);
  if (q.isError) return <PageError error={q.error} />;
  if (!q.data) return <Skeleton h={400} />;
  const { run, steps } = q.data;
  return (
    <Box maw={1000} mx="auto">
      <Stack gap="md">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <ActionIcon component={Link} to={`/workflows/runs?workflowId=${run.workflowId}`} variant="subtle" aria-label={t('editor.back')} mt={4}>
            <IconArrowLeft size={18} />
          </ActionIcon>
          <div style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Title order={2} size="h3">
                {run.workflowName}
              </Title>
              <Badge color={RUN_STATUS_COLOR[run.status]} variant="light" size="lg" data-testid="run-status">
                {t(`runStatus.${run.status}`)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {t('runDetail.subtitle', { trigger: typeText.label('trigger', run.triggerType), version: run.version })}
            </Text>
          </div>
        </Group>
        {run.stopReason && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={16} />} data-testid="run-stopped">
            {t(`stopReasons.${run.stopReason}`, { defaultValue: run.stopReason })}
          </Alert>
        )}
        <Paper p="md">
          <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="sm">
            <Info label={t('runs.started')} value={formatDateTime(run.startedAt)} />
            <Info label={t('runDetail.finished')} value={run.finishedAt ? formatDateTime(run.finishedAt) : '—'} />
            <Info label={t('runs.duration')} value={runDuration(run.startedAt, run.finishedAt)} />
            <Info label={t('runDetail.version')} value={<Anchor component={Link} to={`/workflows/${run.workflowId}`} size="sm">{t('status.version', { version: run.version })}</Anchor>} />
            <Info label={t('runs.customer')} value={run.customer ? <Anchor component={Link} to={`/customers/${run.customer.id}`} size="sm" data-testid="run-customer">{run.customer.name}</Anchor> : '—'} />
            <Info label={t('runs.ticket')} value={run.ticket ? <Anchor component={Link} to={`/tickets/${run.ticket.id}`} size="sm" data-testid="run-ticket">#{run.ticket.number}</Anchor> : '—'} />
            <Info label={t('runDetail.depth')} value={String(run.depth)} />
            {run.waitingUntil && <Info label={t('runDetail.waitingUntil')} value={formatDateTime(run.waitingUntil)} />}
            {run.triggerEventId && <Info label={t('runDetail.event')} value={`#${run.triggerEventId}`} />}
          </SimpleGrid>
        </Paper>
        <Paper p="md">
          <Text fw={600} mb="sm">
            {t('runDetail.steps', { count: steps.length })}
          </Text>
          {steps.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('runDetail.noSteps')}
            </Text>
          ) : (
            <Timeline bulletSize={24} lineWidth={2} data-testid="run-steps">
              {steps.map((s, i) => (
                <Timeline.Item key={`${s.nodeId}-${i}`} bullet={<StepBullet s={s} />} color={STEP_COLOR[s.status]} title={<StepTitle s={s} label={typeText.label(s.kind, s.type)} />}>
                  <StepBody s={s} />
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </Paper>
      </Stack>
    </Box>
  );
}

function Info({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {typeof value === 'string' ? <Text size="sm">{value}</Text> : value}
    </div>
  );
}

function StepBullet({ s }: { s: RunStep }) {
  const Icon = STEP_ICON[s.status] ?? IconCheck;
  return <Icon size={14} />;
}

function StepTitle({ s, label }: { s: RunStep; label: string }) {
  const { t } = useTranslation('workflows');
  return (
    <Group gap={6} wrap="wrap">
      <Badge size="xs" variant="light" color={KIND_STYLE[s.kind].color}>
        {t(`kinds.${s.kind}`)}
      </Badge>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Badge size="xs" variant="outline" color={STEP_COLOR[s.status]}>
        {t(`stepStatus.${s.status}`, { defaultValue: s.status })}
      </Badge>
      {s.attempts > 1 && (
        <Badge size="xs" variant="light" color="orange" leftSection={<IconRefresh size={10} />}>
          {t('runDetail.attempts', { count: s.attempts })}
        </Badge>
      )}
    </Group>
  );
}

function StepBody({ s }: { s: RunStep }) {
  const { t } = useTranslation('workflows');
  return (
    <Stack gap={4} mt={4} data-testid={`run-step-${s.nodeId}`}>
      <Text size="xs" c="dimmed">
        {s.startedAt ? formatDateTime(s.startedAt) : '—'}
        {s.finishedAt ? ` · ${runDuration(s.startedAt, s.finishedAt)}` : ''}
      </Text>
      {s.decision && (
        <Text size="sm">
          {t('run.decision')}: <b>{readable(s.decision, t)}</b>
        </Text>
      )}
      {s.result?.summary && (
        <Text size="sm">
          {t('run.did')}: <b>{readable(s.result, t)}</b>
        </Text>
      )}
      {s.error && (
        <Alert color="red" variant="light" p="xs">
          <Text size="xs" fw={600}>
            {s.error.id}
          </Text>
          <Text size="xs">{t(`errors.${s.error.id}`, { defaultValue: s.error.message })}</Text>
        </Alert>
      )}
      {s.input && Object.keys(s.input).length > 0 && <Json label={t('run.input')} value={s.input} />}
      {s.result?.output && Object.keys(s.result.output).length > 0 && <Json label={t('run.output')} value={s.result.output} />}
    </Stack>
  );
}

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <details>
      <summary style={{ fontSize: 12, cursor: 'pointer', color: 'var(--mantine-color-dimmed)' }}>{label}</summary>
      <Code block style={{ fontSize: 11, maxHeight: 220, overflow: 'auto' }}>
        {JSON.stringify(value, null, 2)}
      </Code>
    </details>
  );
}
