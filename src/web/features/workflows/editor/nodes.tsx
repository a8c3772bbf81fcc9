import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowsSplit2, IconBolt, IconCircleCheck, IconGitBranch, IconHourglass, IconPlayerPlay, type Icon } from '@tabler/icons-react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { createContext, memo, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeKind } from '../../../../shared/workflows';
import { useTeams, useUsers } from '../../../lib/directory';
import type { Problem, TestStep } from '../workflowsApi';
import { outputHandles, switchCases, type WfNode, NODE_W } from './graphModel';
import { valueKey } from './SchemaForm';

/** What the canvas adds to its nodes without touching their data: names, problems and a test run's path. */
export interface CanvasDecor {
  typeLabel(kind: NodeKind, type: string): string;
  problems: Map<string, Problem[]>;
  problemText(p: Problem): string;
  /** A test run or a logged run shown on the canvas: the nodes it went through and what each did. */
  run: { path: Set<string>; steps: Map<string, TestStep>; failed: Set<string> } | null;
}

export const CanvasDecorContext = createContext<CanvasDecor>({
  typeLabel: (_k, t) => t,
  problems: new Map(),
  problemText: (p) => p.code,
  run: null,
});

export const KIND_STYLE: Record<NodeKind, { color: string; icon: Icon }> = {
  trigger: { color: 'violet', icon: IconBolt },
  condition: { color: 'yellow', icon: IconGitBranch },
  switch: { color: 'orange', icon: IconArrowsSplit2 },
  wait: { color: 'blue', icon: IconHourglass },
  action: { color: 'teal', icon: IconPlayerPlay },
};

/** A short reading of a node's config for its card (names for team and agent ids). */
export function useConfigSummary(config: Record<string, unknown>): string {
  const { t } = useTranslation('workflows');
  const users = useUsers();
  const teams = useTeams();
  const name = (id: string) => teams.data?.find((x) => x.id === id)?.name ?? users.data?.find((x) => x.id === id)?.name ?? null;
  const parts: string[] = [];
  const read = (v: unknown): string | null => {
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'string') return name(v) ?? t(`values.${valueKey(v)}`, { defaultValue: v });
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.map(read).filter(Boolean).join(', ') || null;
    return null;
  };
  const cond = (g: unknown): string | null => {
    if (!g || typeof g !== 'object' || !Array.isArray((g as { rules?: unknown }).rules)) return null;
    const group = g as { match: string; rules: Record<string, unknown>[] };
    const parts = group.rules.map((r) => {
      if (Array.isArray(r.rules)) return `(${cond(r) ?? '…'})`;
      const field = t(`condFields.${String(r.field)}`, { defaultValue: String(r.field) }).replace(/^[^:]+:\s*/, '');
      const op = t(`cond.ops.${String(r.op)}`);
      const val = read(r.value);
      return [field, op, val ? `“${val}”` : ''].filter(Boolean).join(' ');
    });
    return parts.join(group.match === 'any' ? ` ${t('cond.or')} ` : ` ${t('cond.and')} `);
  };
  for (const [k, v] of Object.entries(config)) {
    if (k === 'when') {
      const c = cond(v);
      if (c) parts.push(c);
      continue;
    }
    if (k === 'cases') {
      parts.push(switchCases(config).map((c, i) => c.label || `${t('switch.case')} ${i + 1}`).join(' · '));
      continue;
    }
    if (k === 'atMost' && v && typeof v === 'object') {
      const a = v as { amount?: number; unit?: string };
      parts.push(`≤ ${a.amount ?? ''} ${t(`values.${a.unit ?? ''}`, { defaultValue: a.unit ?? '' })}`);
      continue;
    }
    const r = read(v);
    if (r) parts.push(r);
  }
  const s = parts.join(' · ');
  return s.length > 110 ? `${s.slice(0, 108)}…` : s;
}

const HANDLE_LABEL: Record<string, string> = { true: 'handles.true', false: 'handles.false', default: 'handles.default', done: 'handles.done', timeout: 'handles.timeout' };

function WorkflowNodeCard({ id, data, selected }: NodeProps<WfNode>) {
  const { t } = useTranslation('workflows');
  const decor = useContext(CanvasDecorContext);
  const style = KIND_STYLE[data.kind];
  const Icon = style.icon;
  const problems = decor.problems.get(id) ?? [];
  const summary = useConfigSummary(data.config);
  const handles = outputHandles(data.kind, data.type, data.config);
  const cases = new Map(switchCases(data.config).map((c) => [c.id, c.label]));
  const run = decor.run;
  const onPath = run?.path.has(id) ?? false;
  const failed = run?.failed.has(id) ?? false;
  const step = run?.steps.get(id);
  const border = failed
    ? 'var(--mantine-color-red-6)'
    : onPath
      ? 'var(--mantine-color-green-6)'
      : problems.length
        ? 'var(--mantine-color-red-4)'
        : selected
          ? 'var(--mantine-color-brand-7)'
          : 'var(--mantine-color-gray-3)';
  const decision = step?.decision;
  return (
    <div
      data-testid={`wf-node-${id}`}
      data-kind={data.kind}
      data-type={data.type}
      data-on-path={onPath ? 'true' : undefined}
      data-problems={problems.length || undefined}
      style={{
        width: NODE_W,
        background: 'var(--mantine-color-body)',
        border: `${selected || onPath || failed ? 2 : 1}px solid ${border}`,
        borderTop: `4px solid var(--mantine-color-${style.color}-6)`,
        borderRadius: 8,
        padding: '8px 10px 14px',
        boxShadow: selected ? '0 0 0 3px var(--mantine-color-brand-1)' : '0 1px 3px rgba(0,0,0,.08)',
        opacity: run && !onPath ? 0.45 : 1,
      }}
    >
      {data.kind !== 'trigger' && <Handle type="target" position={Position.Top} style={{ width: 10, height: 10 }} />}
      <Group gap={6} wrap="nowrap" mb={2}>
        <Icon size={16} color={`var(--mantine-color-${style.color}-7)`} style={{ flexShrink: 0 }} />
        <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.3 }}>
          {t(`kinds.${data.kind}`)}
        </Text>
        {problems.length > 0 && (
          <Tooltip label={problems.map(decor.problemText).join(' · ')} multiline w={260} withArrow>
            <Badge size="xs" color="red" variant="light" leftSection={<IconAlertTriangle size={10} />} ml="auto" data-testid="node-problem-badge">
              {problems.length}
            </Badge>
          </Tooltip>
        )}
        {onPath && !failed && <IconCircleCheck size={16} color="var(--mantine-color-green-7)" style={{ marginLeft: problems.length ? 0 : 'auto' }} />}
      </Group>
      <Text size="sm" fw={600} lh={1.3} lineClamp={2}>
        {data.label || decor.typeLabel(data.kind, data.type)}
      </Text>
      {summary && (
        <Text size="xs" c="dimmed" lineClamp={2} mt={2}>
          {summary}
        </Text>
      )}
      {step && (decision != null || step.result != null || step.error != null) && (
        <Text size="xs" mt={4} c={step.error ? 'red.7' : 'green.8'} lineClamp={2} data-testid="node-run-note">
          {stepNote(step, t)}
        </Text>
      )}
      {handles.map((h, i) => {
        const left = `${((i + 1) / (handles.length + 1)) * 100}%`;
        const label = h === 'out' ? null : HANDLE_LABEL[h] ? t(HANDLE_LABEL[h]) : cases.get(h) || h;
        return (
          <div key={h}>
            <Handle type="source" position={Position.Bottom} id={h} style={{ left, width: 10, height: 10, background: h === 'false' || h === 'timeout' ? 'var(--mantine-color-gray-6)' : `var(--mantine-color-${style.color}-7)` }} />
            {label && (
              <Text
                size="10px"
                c="dimmed"
                fw={600}
                style={{ position: 'absolute', bottom: -18, left, transform: 'translateX(-50%)', whiteSpace: 'nowrap', pointerEvents: 'none', background: 'var(--mantine-color-body)', padding: '0 3px', borderRadius: 3 }}
              >
                {label}
              </Text>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** One line saying what a step decided or did in a test run. */
export function stepNote(step: TestStep, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (step.error !== undefined && step.error !== null) return `${t('run.error')}: ${readable(step.error)}`;
  if (step.decision !== undefined && step.decision !== null) return `${t('run.decision')}: ${readable(step.decision, t)}`;
  return `${t('run.wouldDo')}: ${readable(step.result, t)}`;
}

/** A value from a run as short text: a summary `{ key, values }` is translated, a handle is named. */
export function readable(v: unknown, t?: (k: string, o?: Record<string, unknown>) => string): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return t && HANDLE_LABEL[v] ? t(HANDLE_LABEL[v]) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return t && typeof v === 'boolean' ? t(v ? 'handles.true' : 'handles.false') : String(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (t && typeof o.summary === 'object' && o.summary && typeof (o.summary as { key?: unknown }).key === 'string') {
      const s = o.summary as { key: string; values?: Record<string, unknown> };
      return t(s.key, { ...wordValues(s.values, t), defaultValue: s.key });
    }
    if (t && typeof o.key === 'string') return t(o.key, { ...(o.values as Record<string, unknown>), defaultValue: o.key });
    if (typeof o.handle === 'string') return readable(o.handle, t);
    if (typeof o.message === 'string') return o.message;
    return JSON.stringify(v);
  }
  return String(v);
}

/** A summary's values with enum words translated (priority `urgent` → "Khẩn cấp"); names and numbers as they are. */
function wordValues(values: Record<string, unknown> | undefined, t: (k: string, o?: Record<string, unknown>) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values ?? {})) out[k] = typeof v === 'string' && /^[a-z_.]+$/.test(v) ? t(`values.${valueKey(v)}`, { defaultValue: v }) : v;
  return out;
}

const Card = memo(WorkflowNodeCard);

/** React Flow node types: one card, drawn per kind. */
export const nodeTypes = { trigger: Card, condition: Card, switch: Card, wait: Card, action: Card };
