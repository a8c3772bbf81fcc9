import { Badge, Box, Button, Card, Group, Modal, Paper, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconFile, IconListDetails, IconPlus, IconTemplate } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage, PageError } from '../../components/PageError';
import { formatRelative } from '../../lib/format';
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
                  <Table.Th w={120} ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {t('list.runs24h')}
                  </Table.Th>
                  <Table.Th w={150} style={{ whiteSpace: 'nowrap' }}>
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

function StatusBadge({ w }: { w: WorkflowSummary }) {
  const { t } = useTranslation('workflows');
  return (
    <Stack gap={2} align="flex-start" style={{ flexShrink: 0 }}>
      <Badge variant="light" color={!w.publishedVersion ? 'yellow' : w.enabled ? 'green' : 'gray'} style={{ flexShrink: 0, overflow: 'visible' }} data-testid="wf-row-status">
        {!w.publishedVersion ? t('status.draftOnly') : w.enabled ? t('status.on') : t('status.off')}
      </Badge>
      {w.publishedVersion && (
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {t('status.version', { version: w.publishedVersion })}
          {w.hasDraftChanges ? ` · ${t('status.changes')}` : ''}
        </Text>
      )}
    </Stack>
  );
}

function RunsCell({ w }: { w: WorkflowSummary }) {
  const { t } = useTranslation('workflows');
  return (
    <Text size="sm" span>
      {w.runs24h.toLocaleString('vi-VN')}
      {w.failed24h > 0 && (
        <Text span c="red" size="xs" ml={6}>
          {t('list.failed', { count: w.failed24h })}
        </Text>
      )}
    </Text>
  );
}

function WorkflowRow({ w }: { w: WorkflowSummary }) {
  const { t } = useTranslation('workflows');
  const typeText = useTypeText();
  const navigate = useNavigate();
  return (
    <Table.Tr style={{ cursor: 'pointer' }} onClick={() => navigate(`/workflows/${w.id}`)} data-testid={`wf-row-${w.id}`}>
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
        <Text size="sm" c={w.lastRunAt ? undefined : 'dimmed'}>
          {w.lastRunAt ? formatRelative(w.lastRunAt) : t('list.never')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function WorkflowCard({ w }: { w: WorkflowSummary }) {
  const { t } = useTranslation('workflows');
  const typeText = useTypeText();
  return (
    <Paper p="sm" component={Link} to={`/workflows/${w.id}`} style={{ color: 'inherit', textDecoration: 'none' }} data-testid={`wf-row-${w.id}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} size="sm" lineClamp={2}>
            {w.name}
          </Text>
          <Text size="xs" c="dimmed">
            {w.triggerType ? typeText.label('trigger', w.triggerType) : '—'}
          </Text>
        </div>
        <StatusBadge w={w} />
      </Group>
      <Group gap="md" mt={6}>
        <Text size="xs" c="dimmed">
          {t('list.runs24h')}: <RunsCell w={w} />
        </Text>
        <Text size="xs" c="dimmed">
          {t('list.lastRun')}: {w.lastRunAt ? formatRelative(w.lastRunAt) : t('list.never')}
        </Text>
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
