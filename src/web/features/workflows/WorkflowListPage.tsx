import { Badge, Box, Button, Card, Group, Modal, Paper, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconFile, IconListDetails, IconPlus, IconTemplate } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage, PageError } from '../../components/PageError';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useMe } from '../../lib/session';
import { useTypeText } from './editor/typeText';
import { useCreateWorkflow, useTemplates, useWorkflows, type Template, type WorkflowSummary } from './workflowsApi';

/** /workflows — every workflow with its state and recent runs; new ones blank or from a template. */
export function WorkflowListPage() {
  const { t } = useTranslation('workflows');
  const list = useWorkflows();
  const me = useMe();
  const canManage = ['admin', 'supervisor'].includes(me.data?.actor.role ?? '');
  const [creating, setCreating] = useState(false);
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  if (list.isError) return <PageError error={list.error} />;
  return (
    <Box maw={1200} mx="auto">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" gap="sm">
          <div style={{ flex: 1, minWidth: 240 }}>
            <Title order={2}>{t('title')}</Title>
            <Text size="sm" c="dimmed" maw={760}>
              {t('subtitle')}
            </Text>
          </div>
          <Group gap="xs">
            <Button variant="default" leftSection={<IconListDetails size={16} />} component={Link} to="/workflows/runs" data-testid="wf-runs-link">
              {t('runs.title')}
            </Button>
            {canManage && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="wf-new">
                {t('list.new')}
              </Button>
            )}
          </Group>
        </Group>
        {list.isPending ? (
          <Skeleton h={240} />
        ) : list.data.length === 0 ? (
          <Paper p="lg">
            <Stack gap="sm">
              <Text fw={600}>{t('list.empty')}</Text>
              <Text size="sm" c="dimmed">
                {t('list.emptyHint')}
              </Text>
              {canManage && <TemplateGallery onCreated={() => undefined} />}
            </Stack>
          </Paper>
        ) : narrow ? (
          <Stack gap="xs" data-testid="wf-list">
            {list.data.map((w) => (
              <WorkflowCard key={w.id} w={w} />
            ))}
          </Stack>
        ) : (
          <Paper p={0} style={{ overflow: 'hidden' }}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="wf-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('list.name')}</Table.Th>
                  <Table.Th w={200}>{t('list.trigger')}</Table.Th>
                  <Table.Th w={200}>{t('list.status')}</Table.Th>
                  <Table.Th w={150} ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {t('list.runs7d')}
                  </Table.Th>
                  <Table.Th w={190} style={{ whiteSpace: 'nowrap' }}>
                    {t('list.lastRun')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.map((w) => (
                  <WorkflowRow key={w.id} w={w} />
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>
      <Modal opened={creating} onClose={() => setCreating(false)} title={<Text fw={600}>{t('list.new')}</Text>} size="xl" fullScreen={narrow}>
        <TemplateGallery onCreated={() => setCreating(false)} />
      </Modal>
    </Box>
  );
}

/** On/off/draft with the live version; on a phone (`compact`) right-aligned, the "unpublished changes" note on its own line. */
function StatusBadge({ w, compact = false }: { w: WorkflowSummary; compact?: boolean }) {
  const { t } = useTranslation('workflows');
  return (
    <Stack gap={2} align={compact ? 'flex-end' : 'flex-start'} style={{ flexShrink: 0, maxWidth: compact ? 120 : undefined }}>
      <Badge variant="light" color={!w.publishedVersion ? 'yellow' : w.enabled ? 'green' : 'gray'} style={{ flexShrink: 0, overflow: 'visible' }} data-testid="wf-row-status">
        {!w.publishedVersion ? t('status.draftOnly') : w.enabled ? t('status.on') : t('status.off')}
      </Badge>
      {w.publishedVersion && (
        <Text size="xs" c="dimmed" ta={compact ? 'right' : undefined} style={{ whiteSpace: compact ? undefined : 'nowrap' }}>
          {t('status.version', { version: w.publishedVersion })}
          {w.hasDraftChanges ? (compact ? <><br />{t('status.changes')}</> : ` · ${t('status.changes')}`) : ''}
        </Text>
      )}
    </Stack>
  );
}

/** Runs of the last 7 days; the failed, stopped or partly failed among them in red, linking to them in the run log. */
function RunsCell({ w }: { w: WorkflowSummary }) {
  const { t } = useTranslation('workflows');
  return (
    <Group gap={6} justify="flex-end" wrap="nowrap" component="span" style={{ display: 'inline-flex' }}>
      <Text size="sm" span data-testid="wf-runs-7d">
        {w.runs7d.toLocaleString('vi-VN')}
      </Text>
      {w.failed7d > 0 && (
        <Badge
          color="red"
          variant="light"
          size="sm"
          component={Link}
          to={`/workflows/runs?workflowId=${w.id}&status=failed`}
          onClick={(e: React.MouseEvent) => e.stopPropagation()}
          style={{ cursor: 'pointer', textTransform: 'none' }}
          data-testid="wf-failed-7d"
        >
          {t('list.failed', { count: w.failed7d })}
        </Badge>
      )}
    </Group>
  );
}

type Outcome = 'succeeded' | 'partly' | 'failed' | 'stopped' | 'cancelled' | 'queued' | 'running' | 'waiting';
const OUTCOME_COLOR: Record<Outcome, string> = { succeeded: 'green', partly: 'orange', failed: 'red', stopped: 'orange', cancelled: 'gray', queued: 'gray', running: 'blue', waiting: 'indigo' };

/** A run's result as the list says it: a completed run with a failed step is not a plain success. */
export function outcomeOf(run: NonNullable<WorkflowSummary['lastRun']>): Outcome {
  if (run.status === 'completed') return run.errorCount > 0 ? 'partly' : 'succeeded';
  return run.status;
}

/** When the newest run started and how it ended, linking to it. */
function LastRun({ w }: { w: WorkflowSummary }) {
  const { t } = useTranslation('workflows');
  if (!w.lastRun)
    return (
      <Text size="sm" c="dimmed" span>
        {t('list.never')}
      </Text>
    );
  const outcome = outcomeOf(w.lastRun);
  return (
    <Group gap={6} wrap="nowrap" component="span" style={{ display: 'inline-flex' }} data-testid="wf-last-run" data-outcome={outcome}>
      <Badge
        color={OUTCOME_COLOR[outcome]}
        variant={outcome === 'failed' ? 'filled' : 'light'}
        size="sm"
        component={Link}
        to={`/workflows/runs/${w.lastRun.id}`}
        onClick={(e: React.MouseEvent) => e.stopPropagation()}
        style={{ cursor: 'pointer', flexShrink: 0 }}
      >
        {t(`list.outcome.${outcome}`)}
      </Badge>
      <Text size="sm" span c="dimmed" style={{ whiteSpace: 'nowrap' }} title={formatDateTime(w.lastRun.startedAt)}>
        {formatRelative(w.lastRun.startedAt)}
      </Text>
    </Group>
  );
}

/** A workflow whose recent runs failed is marked at the row's edge. */
const failing = (w: WorkflowSummary) => w.failed7d > 0 || (w.lastRun ? ['failed', 'partly'].includes(outcomeOf(w.lastRun)) : false);

function WorkflowRow({ w }: { w: WorkflowSummary }) {
  const typeText = useTypeText();
  const navigate = useNavigate();
  return (
    <Table.Tr
      style={{ cursor: 'pointer', boxShadow: failing(w) ? 'inset 3px 0 0 var(--mantine-color-red-6)' : undefined }}
      onClick={() => navigate(`/workflows/${w.id}`)}
      data-testid={`wf-row-${w.id}`}
      data-failing={failing(w) || undefined}
    >
      <Table.Td>
        <Text size="sm" fw={600} component={Link} to={`/workflows/${w.id}`} onClick={(e) => e.stopPropagation()} c="inherit">
          {w.name}
        </Text>
        {w.description && (
          <Text size="xs" c="dimmed" lineClamp={1}>
            {w.description}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{w.triggerType ? typeText.label('trigger', w.triggerType) : '—'}</Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge w={w} />
      </Table.Td>
      <Table.Td ta="right">
        <RunsCell w={w} />
      </Table.Td>
      <Table.Td>
        <LastRun w={w} />
      </Table.Td>
    </Table.Tr>
  );
}

function WorkflowCard({ w }: { w: WorkflowSummary }) {
  const { t } = useTranslation('workflows');
  const typeText = useTypeText();
  return (
    <Paper
      p="sm"
      component={Link}
      to={`/workflows/${w.id}`}
      style={{ color: 'inherit', textDecoration: 'none', borderLeft: failing(w) ? '3px solid var(--mantine-color-red-6)' : undefined }}
      data-testid={`wf-row-${w.id}`}
      data-failing={failing(w) || undefined}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} size="sm" lineClamp={2}>
            {w.name}
          </Text>
          <Text size="xs" c="dimmed">
            {w.triggerType ? typeText.label('trigger', w.triggerType) : '—'}
          </Text>
        </div>
        <StatusBadge w={w} compact />
      </Group>
      <Group gap="xs" mt={8} justify="space-between" wrap="wrap">
        <Group gap={6} wrap="nowrap">
          <Text size="xs" c="dimmed">
            {t('list.runs7d')}:
          </Text>
          <RunsCell w={w} />
        </Group>
        <LastRun w={w} />
      </Group>
    </Paper>
  );
}

/** A blank workflow or one of the ready-made templates (vi/en); opens the canvas. */
export function TemplateGallery({ onCreated }: { onCreated(): void }) {
  const { t, i18n } = useTranslation('workflows');
  const templates = useTemplates(i18n.language);
  const create = useCreateWorkflow();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const go = async (tpl: Template | null) => {
    try {
      const w = await create.mutateAsync(tpl ? { name: name.trim() || tpl.name, templateId: tpl.id, description: tpl.description, graph: tpl.graph } : { name: name.trim() || t('list.untitled') });
      onCreated();
      navigate(`/workflows/${w.workflow.id}`);
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
    }
  };
  return (
    <Stack gap="md" data-testid="wf-templates">
      <TextInput label={t('list.nameLabel')} placeholder={t('list.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={120} data-testid="wf-new-name" />
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        <TemplateCard icon={<IconFile size={18} />} title={t('list.blank')} description={t('list.blankHint')} onClick={() => void go(null)} disabled={create.isPending} testId="wf-blank" />
        {(templates.data ?? []).map((tpl) => (
          <TemplateCard
            key={tpl.id}
            icon={<IconTemplate size={18} />}
            title={tpl.name}
            description={tpl.description}
            onClick={() => void go(tpl)}
            disabled={create.isPending}
            testId={`wf-template-${tpl.id}`}
          />
        ))}
        {templates.isPending && [0, 1, 2].map((i) => <Skeleton key={i} h={110} />)}
      </SimpleGrid>
    </Stack>
  );
}

function TemplateCard({ icon, title, description, onClick, disabled, testId }: { icon: React.ReactNode; title: string; description: string; onClick(): void; disabled: boolean; testId: string }) {
  return (
    <UnstyledButton onClick={onClick} disabled={disabled} data-testid={testId} style={{ height: '100%' }}>
      <Card withBorder padding="sm" h="100%" style={{ transition: 'border-color 120ms' }} className="wf-template-card">
        <Group gap={8} wrap="nowrap" mb={4} c="brand.8">
          {icon}
          <Text fw={600} size="sm" c="var(--mantine-color-text)">
            {title}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" lineClamp={4}>
          {description}
        </Text>
      </Card>
    </UnstyledButton>
  );
}
