import { Alert, Badge, Button, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CatalogEntry, Problem, TestStep } from '../workflowsApi';
import type { WfNode } from './graphModel';
import { KIND_STYLE, readable } from './nodes';
import { SchemaFields } from './SchemaForm';
import { TagScopeContext } from './TagPicker';

interface Props {
  node: WfNode;
  entry: CatalogEntry | undefined;
  typeLabel: string;
  typeHint: string;
  problems: Problem[];
  problemText(p: Problem): string;
  /** Field paths the canvas found empty but required → message. */
  fieldErrors: Record<string, string>;
  step: TestStep | undefined;
  onConfig(config: Record<string, unknown>): void;
  onLabel(label: string): void;
  onDelete(): void;
  readOnly?: boolean;
}

/** The selected node's settings: its name, its config as a form from its schema, problems and its test-run step. */
export function NodePanel({ node, entry, typeLabel, typeHint, problems, problemText, fieldErrors, step, onConfig, onLabel, onDelete, readOnly }: Props) {
  const { t } = useTranslation('workflows');
  const style = KIND_STYLE[node.data.kind];
  const Icon = style.icon;
  return (
    <Stack gap="sm" data-testid="wf-node-panel">
      <Group gap="xs" wrap="nowrap">
        <Icon size={18} color={`var(--mantine-color-${style.color}-7)`} />
        <Badge variant="light" color={style.color}>
          {t(`kinds.${node.data.kind}`)}
        </Badge>
        <Text size="sm" fw={600} style={{ flex: 1 }}>
          {typeLabel}
        </Text>
      </Group>
      {typeHint && (
        <Text size="xs" c="dimmed">
          {typeHint}
        </Text>
      )}
      <TextInput label={t('panel.label')} placeholder={typeLabel} value={node.data.label ?? ''} onChange={(e) => onLabel(e.currentTarget.value)} disabled={readOnly} maxLength={120} data-testid="node-label" />
      {problems.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} p="xs">
          <Stack gap={2}>
            {problems.map((p, i) => (
              <Text key={i} size="xs">
                {problemText(p)}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {entry ? (
        <TagScopeContext.Provider value={node.data.type.startsWith('customer.') ? 'customer' : 'ticket'}>
          <SchemaFields schema={entry.configSchema} value={node.data.config} onChange={onConfig} errors={fieldErrors} path="" readOnly={readOnly} />
        </TagScopeContext.Provider>
      ) : (
        <Alert color="yellow" variant="light">
          {t('panel.unknownType', { type: node.data.type })}
        </Alert>
      )}
      {step && (
        <Stack gap={4} p="xs" style={{ background: 'var(--mantine-color-green-0)', borderRadius: 6 }} data-testid="node-step">
          <Text size="xs" fw={600}>
            {t('run.stepTitle')}
          </Text>
          {step.decision !== undefined && step.decision !== null && (
            <Text size="xs">
              {t('run.decision')}: <b>{readable(step.decision, t)}</b>
            </Text>
          )}
          {step.result !== undefined && step.result !== null && (
            <Text size="xs">
              {t('run.wouldDo')}: <b>{readable(step.result, t)}</b>
            </Text>
          )}
          {step.error !== undefined && step.error !== null && (
            <Text size="xs" c="red">
              {t('run.error')}: {readable(step.error, t)}
            </Text>
          )}
          {step.input !== undefined && (
            <>
              <Text size="xs" c="dimmed">
                {t('run.input')}
              </Text>
              <Code block style={{ fontSize: 11, maxHeight: 180, overflow: 'auto' }}>
                {JSON.stringify(step.input, null, 2)}
              </Code>
            </>
          )}
        </Stack>
      )}
      {!readOnly && (
        <Group justify="flex-end">
          <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={onDelete} data-testid="node-delete">
            {t('panel.delete')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
