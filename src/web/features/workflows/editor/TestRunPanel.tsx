import { Alert, Badge, Button, Code, Group, JsonInput, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconFlask, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/PageError';
import { formatDateTime } from '../../../lib/format';
import type { WorkflowGraph } from '../../../../shared/workflows';
import { useSampleEvents, useTestRun, type TestRunResult } from '../workflowsApi';
import { readable } from './nodes';

interface Props {
  workflowId: string;
  /** The graph on the canvas (saved or not): the run tests what is shown. */
  graph: WorkflowGraph;
  /** The trigger on the canvas, to start the sample from an event it listens to. */
  triggerType: string | null;
  result: TestRunResult | null;
  onResult(r: TestRunResult | null): void;
  nodeLabel(id: string): string;
}

/** A dry run of the draft on a real past event (or a sample): the canvas lights the path; nothing is written or sent. */
export function TestRunPanel({ workflowId, graph, triggerType, result, onResult, nodeLabel }: Props) {
  const { t } = useTranslation('workflows');
  const [source, setSource] = useState<'event' | 'sample'>('event');
  const [eventId, setEventId] = useState<string | null>(null);
  const [sample, setSample] = useState(() => JSON.stringify(sampleFor(triggerType), null, 2));
  const samples = useSampleEvents(workflowId, true);
  const run = useTestRun(workflowId);
  const [error, setError] = useState<string | null>(null);
  const items = samples.data ?? [];
  const chosen = eventId ?? items.find((i) => i.matches)?.id ?? items[0]?.id ?? null;

  const go = async () => {
    setError(null);
    try {
      const body = source === 'event' ? { eventId: chosen ?? '', graph } : { sample: JSON.parse(sample) as { type: string; data: Record<string, unknown> }, graph };
      onResult(await run.mutateAsync(body));
    } catch (err) {
      setError(err instanceof SyntaxError ? t('test.badJson') : errorMessage(err));
    }
  };

  return (
    <Stack gap="sm" data-testid="wf-test-panel">
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={16} />} p="xs">
        <Text size="xs">{t('test.intro')}</Text>
      </Alert>
      <SegmentedControl
        size="xs"
        fullWidth
        value={source}
        onChange={(v) => setSource(v as 'event' | 'sample')}
        data={[
          { value: 'event', label: t('test.pastEvent') },
          { value: 'sample', label: t('test.sample') },
        ]}
      />
      {source === 'event' ? (
        items.length === 0 && !samples.isPending ? (
          <Text size="sm" c="dimmed">
            {t('test.noEvents')}
          </Text>
        ) : (
          <Select
            label={t('test.event')}
            placeholder={samples.isPending ? t('loading') : undefined}
            data={items.map((i) => ({ value: i.id, label: `${i.summary} · ${formatDateTime(i.createdAt)}${i.matches ? '' : ` (${t('test.noMatch')})`}` }))}
            value={chosen}
            onChange={setEventId}
            searchable
            data-testid="test-event"
            comboboxProps={{ withinPortal: true }}
          />
        )
      ) : (
        <JsonInput label={t('test.sampleJson')} value={sample} onChange={setSample} autosize minRows={5} maxRows={14} formatOnBlur validationError={t('test.badJson')} />
      )}
      <Group gap="xs">
        <Button leftSection={<IconFlask size={16} />} onClick={() => void go()} loading={run.isPending} disabled={source === 'event' && !chosen} data-testid="test-run">
          {t('test.run')}
        </Button>
        {result && (
          <Button variant="subtle" color="gray" onClick={() => onResult(null)} data-testid="test-clear">
            {t('test.clear')}
          </Button>
        )}
      </Group>
      {error && (
        <Alert color="red" variant="light" p="xs">
          {error}
        </Alert>
      )}
      {result && (
        <Stack gap={6} data-testid="test-result">
          {result.triggerMismatch && (
            <Alert color="yellow" variant="light" p="xs">
              <Text size="xs">{t('test.mismatch', { reason: t(`test.mismatchReasons.${result.triggerMismatch}`, { defaultValue: result.triggerMismatch }) })}</Text>
            </Alert>
          )}
          <Text size="sm" fw={600}>
            {t('test.path', { count: result.path.length })}
          </Text>
          {result.steps.map((s, i) => (
            <Stack key={`${s.nodeId}-${i}`} gap={2} p="xs" style={{ borderRadius: 6, borderLeft: `3px solid var(--mantine-color-${s.error ? 'red' : 'green'}-6)`, background: 'var(--mantine-color-gray-0)' }} data-testid={`test-step-${s.nodeId}`}>
              <Group gap={6} justify="space-between" wrap="nowrap">
                <Text size="xs" fw={600} lineClamp={1}>
                  {i + 1}. {nodeLabel(s.nodeId)}
                </Text>
                <Badge size="xs" variant="light" color={s.error ? 'red' : s.status === 'would_do' ? 'teal' : 'gray'}>
                  {t(`stepStatus.${s.status}`, { defaultValue: s.status })}
                </Badge>
              </Group>
              {s.decision && (
                <Text size="xs">
                  {t('run.decision')}: <b>{readable(s.decision, t)}</b>
                </Text>
              )}
              {s.result && (
                <Text size="xs">
                  {t('run.wouldDo')}: <b>{readable(s.result, t)}</b>
                </Text>
              )}
              {s.error && (
                <Text size="xs" c="red">
                  {readable(s.error, t)}
                </Text>
              )}
              {s.input && Object.keys(s.input).length > 0 && (
                <details>
                  <summary style={{ fontSize: 11, cursor: 'pointer', color: 'var(--mantine-color-dimmed)' }}>{t('run.input')}</summary>
                  <Code block style={{ fontSize: 11, maxHeight: 160, overflow: 'auto' }}>
                    {JSON.stringify(s.input, null, 2)}
                  </Code>
                </details>
              )}
            </Stack>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** The event a trigger listens to, as a sample to edit (the server's triggerEvents, first of each). */
const SAMPLE_EVENTS: Record<string, { type: string; data: Record<string, unknown> }> = {
  'ticket.created': { type: 'ticket.created', data: { channel: 'zalo', priority: 'normal' } },
  'ticket.updated': { type: 'ticket.priority_changed', data: { from: 'normal', to: 'high' } },
  'ticket.resolved': { type: 'ticket.status_changed', data: { from: 'responded', to: 'resolved' } },
  'ticket.reopened': { type: 'ticket.reopened', data: {} },
  'message.received': { type: 'message.created', data: { direction: 'inbound', channel: 'zalo', body: 'Chào shop, đơn hàng của mình tới đâu rồi?' } },
  'message.agent_replied': { type: 'message.created', data: { direction: 'outbound', channel: 'zalo', body: 'Dạ em đã kiểm tra, đơn của anh/chị đang được giao ạ.' } },
  'survey.answered': { type: 'survey.answered', data: { surveyType: 'csat', score: 2 } },
  'customer.created': { type: 'customer.created', data: {} },
  'customer.tag_added': { type: 'customer.updated', data: { tags: ['vip'] } },
  'order.created': { type: 'order.created', data: { status: 'confirmed', kind: 'order' } },
  'order.status_changed': { type: 'order.status_changed', data: { from: 'shipping', to: 'delivered' } },
  'call.missed': { type: 'call.ended', data: { outcome: 'missed' } },
};
const sampleFor = (triggerType: string | null) => (triggerType && SAMPLE_EVENTS[triggerType]) || { type: triggerType ?? 'ticket.created', data: {} };
