import { ActionIcon, Button, Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSitemap, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { TagPicker } from './TagPicker';
import {
  CONDITION_FIELDS,
  OPS_BY_TYPE,
  conditionRuleProblem,
  isConditionGroup,
  type ConditionField,
  type ConditionGroup,
  type ConditionOp,
  type ConditionRule,
  type ConditionValueType,
  type SubjectKind,
} from '../../../../shared/workflows';
import { api } from '../../../lib/api';
import { useTeams, useUsers } from '../../../lib/directory';
import { valueKey } from './SchemaForm';

const MAX_DEPTH = 3;
type FieldInfo = { type: ConditionValueType; values?: readonly string[]; needs: string | null; key?: true };
const info = (f: ConditionField) => CONDITION_FIELDS[f] as FieldInfo;
const NO_VALUE: ConditionOp[] = ['is_set', 'is_not_set', 'is_true', 'is_false'];

/** The trigger's subject, so the field list puts what the run knows first and the first rule fits it. */
export const SubjectContext = createContext<SubjectKind | null>(null);

/** What each subject can reach: a message run knows its ticket and customer, a customer run only the customer. */
const REACH: Record<SubjectKind, string[]> = {
  ticket: ['ticket', 'customer'],
  message: ['message', 'ticket', 'customer'],
  customer: ['customer'],
  order: ['order', 'customer'],
  call: ['ticket', 'customer'],
  survey: ['survey', 'ticket', 'customer'],
  workspace: [],
};

/** Whether a run about `subject` can read `field` (time and the workspace's own fields always). */
export function fieldAvailable(field: ConditionField, subject: SubjectKind | null): boolean {
  const needs = info(field).needs;
  return !needs || !subject || REACH[subject].includes(needs);
}

/** A first rule that fits the trigger's subject. */
export function defaultRule(subject: SubjectKind | null): ConditionRule {
  if (subject === 'message') return { field: 'message.text', op: 'contains', value: '' };
  if (subject === 'customer' || subject === 'order') return { field: 'customer.tags', op: 'contains', value: '' };
  if (subject === 'survey') return { field: 'survey.score', op: 'lte', value: 2 };
  return { field: 'ticket.priority', op: 'eq', value: 'high' };
}

/** An empty group with one rule. */
export const defaultGroup = (subject: SubjectKind | null): ConditionGroup => ({ match: 'all', rules: [defaultRule(subject)] });

/** A rule made to fit its (new) field: the first operator of the type and an empty value. */
function ruleFor(field: ConditionField): ConditionRule {
  const f = info(field);
  const op = OPS_BY_TYPE[f.type][0];
  const value = NO_VALUE.includes(op) ? undefined : f.type === 'enum' ? f.values?.[0] : f.type === 'number' ? 0 : '';
  return { field, op, ...(value !== undefined ? { value } : {}) };
}

/** A condition group (all / any) with its rules and nested groups: the `when` of an if, a case or a wait. */
export function ConditionGroupEditor({ value, onChange, onRemove, depth = 1, path }: { value: ConditionGroup | undefined; onChange(g: ConditionGroup): void; onRemove?: () => void; depth?: number; path: string }) {
  const { t } = useTranslation('workflows');
  const subject = useContext(SubjectContext);
  const g = value && Array.isArray(value.rules) ? value : defaultGroup(subject);
  const set = (i: number, r: ConditionRule | ConditionGroup) => onChange({ ...g, rules: g.rules.map((x, k) => (k === i ? r : x)) });
  const remove = (i: number) => onChange({ ...g, rules: g.rules.filter((_, k) => k !== i) });
  return (
    <Stack gap={6} pl={depth > 1 ? 'xs' : 0} style={depth > 1 ? { borderLeft: '3px solid var(--mantine-color-yellow-3)' } : undefined} data-testid={`condition-group-${path}`}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <SegmentedControl
          size="xs"
          data={[
            { value: 'all', label: t('cond.all') },
            { value: 'any', label: t('cond.any') },
          ]}
          value={g.match}
          onChange={(m) => onChange({ ...g, match: m as 'all' | 'any' })}
        />
        {onRemove && (
          <ActionIcon variant="subtle" color="gray" aria-label={t('cond.remove')} onClick={onRemove}>
            <IconX size={16} />
          </ActionIcon>
        )}
      </Group>
      {g.rules.length === 0 && (
        <Text size="xs" c="red">
          {t('cond.empty')}
        </Text>
      )}
      {g.rules.map((r, i) =>
        isConditionGroup(r) ? (
          <ConditionGroupEditor key={i} value={r} onChange={(x) => set(i, x)} onRemove={() => remove(i)} depth={depth + 1} path={`${path}.${i}`} />
        ) : (
          <RuleRow key={i} rule={r} onChange={(x) => set(i, x)} onRemove={() => remove(i)} path={`${path}.${i}`} />
        ),
      )}
      <Group gap={4}>
        <Button size="compact-xs" variant="light" color="yellow" leftSection={<IconPlus size={12} />} onClick={() => onChange({ ...g, rules: [...g.rules, defaultRule(subject)] })} data-testid={`condition-add-${path}`}>
          {t('cond.addRule')}
        </Button>
        {depth < MAX_DEPTH && (
          <Button size="compact-xs" variant="subtle" color="yellow" leftSection={<IconSitemap size={12} />} onClick={() => onChange({ ...g, rules: [...g.rules, { match: 'any', rules: [defaultRule(subject)] }] })}>
            {t('cond.addGroup')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function useSegmentOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['segments', 'list'],
    queryFn: ({ signal }) => api<{ items: { id: string; name: string }[] }>('/segments', { signal }).then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });
}

function RuleRow({ rule, onChange, onRemove, path }: { rule: ConditionRule; onChange(r: ConditionRule): void; onRemove(): void; path: string }) {
  const { t } = useTranslation('workflows');
  const subject = useContext(SubjectContext);
  const f = info(rule.field);
  const users = useUsers();
  const teams = useTeams();
  const segments = useSegmentOptions(rule.field === 'customer.in_segment');
  const problem = conditionRuleProblem(rule);
  const fieldLabel = (id: string) => t(`condFields.${id}`, { defaultValue: id });
  const groups = ['ticket', 'message', 'customer', 'order', 'survey', 'time', 'channel'];
  const fieldData = groups
    .map((grp) => ({
      group: t(`cond.groups.${grp}`),
      items: (Object.keys(CONDITION_FIELDS) as ConditionField[])
        .filter((id) => id.startsWith(`${grp}.`) && fieldAvailable(id, subject))
        .map((id) => ({ value: id, label: fieldLabel(id) })),
    }))
    .filter((g) => g.items.length > 0);
  const opData = OPS_BY_TYPE[f.type].map((o) => ({ value: o, label: t(`cond.ops.${o}`) }));
  const patch = (p: Partial<ConditionRule>) => onChange({ ...rule, ...p });
  const list = rule.op === 'in' || rule.op === 'not_in';
  const enumLabel = (v: string) => t(`values.${valueKey(v)}`, { defaultValue: v });
  let input: React.ReactNode = null;
  if (!NO_VALUE.includes(rule.op)) {
    const aria = t('cond.value');
    if (f.type === 'enum' && list)
      input = <MultiSelect size="xs" aria-label={aria} data={(f.values ?? []).map((v) => ({ value: v, label: enumLabel(v) }))} value={Array.isArray(rule.value) ? rule.value : []} onChange={(v) => patch({ value: v })} style={{ flex: 1, minWidth: 140 }} />;
    else if (f.type === 'enum')
      input = <Select size="xs" aria-label={aria} data={(f.values ?? []).map((v) => ({ value: v, label: enumLabel(v) }))} value={typeof rule.value === 'string' ? rule.value : null} onChange={(v) => patch({ value: v ?? undefined })} style={{ flex: 1, minWidth: 120 }} allowDeselect={false} />;
    else if (f.type === 'number')
      input = <NumberInput size="xs" aria-label={aria} value={typeof rule.value === 'number' ? rule.value : ''} onChange={(v) => patch({ value: typeof v === 'number' ? v : undefined })} style={{ flex: 1, minWidth: 90 }} thousandSeparator="." decimalSeparator="," />;
    else if (f.type === 'user')
      input = <Select size="xs" aria-label={aria} searchable data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))} value={typeof rule.value === 'string' ? rule.value : null} onChange={(v) => patch({ value: v ?? undefined })} style={{ flex: 1, minWidth: 120 }} />;
    else if (f.type === 'team')
      input = <Select size="xs" aria-label={aria} searchable data={(teams.data ?? []).map((u) => ({ value: u.id, label: u.name }))} value={typeof rule.value === 'string' ? rule.value : null} onChange={(v) => patch({ value: v ?? undefined })} style={{ flex: 1, minWidth: 120 }} />;
    else if (list) input = <TagsInput size="xs" aria-label={aria} value={Array.isArray(rule.value) ? rule.value : []} onChange={(v) => patch({ value: v })} style={{ flex: 1, minWidth: 140 }} />;
    else if (f.type === 'tags')
      input = <TagPicker size="xs" aria-label={aria} scope={rule.field.startsWith('customer.') ? 'customer' : 'ticket'} placeholder={t('cond.tagPlaceholder')} value={typeof rule.value === 'string' ? rule.value : ''} onChange={(v) => patch({ value: v ?? '' })} style={{ flex: 1, minWidth: 120 }} data-testid={`condition-value-${path}`} />;
    else
      input = (
        <TextInput
          size="xs"
          aria-label={aria}
          placeholder={f.type === 'date' ? 'yyyy-MM-dd' : ''}
          value={typeof rule.value === 'string' ? rule.value : ''}
          onChange={(e) => patch({ value: e.currentTarget.value })}
          style={{ flex: 1, minWidth: 120 }}
          data-testid={`condition-value-${path}`}
        />
      );
  }
  return (
    <Stack
      gap={4}
      p={6}
      data-testid={`condition-rule-${path}`}
      style={{ borderRadius: 6, background: 'var(--mantine-color-gray-0)', outline: problem ? '1px solid var(--mantine-color-red-4)' : undefined }}
    >
      <Group gap={4} wrap="nowrap">
        <Select
          size="xs"
          aria-label={t('cond.field')}
          data={fieldData}
          value={rule.field}
          onChange={(v) => v && onChange(ruleFor(v as ConditionField))}
          searchable
          allowDeselect={false}
          style={{ flex: 1 }}
          data-testid={`condition-field-${path}`}
          comboboxProps={{ withinPortal: true }}
        />
        <ActionIcon variant="subtle" color="gray" aria-label={t('cond.remove')} onClick={onRemove}>
          <IconX size={14} />
        </ActionIcon>
      </Group>
      {f.key &&
        (rule.field === 'customer.in_segment' ? (
          <Select size="xs" aria-label={t('cond.segment')} placeholder={t('cond.segment')} searchable data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))} value={rule.key ?? null} onChange={(v) => patch({ key: v ?? undefined })} />
        ) : (
          <TextInput size="xs" aria-label={t('cond.attribute')} placeholder={t('cond.attribute')} value={rule.key ?? ''} onChange={(e) => patch({ key: e.currentTarget.value || undefined })} />
        ))}
      <Group gap={4} wrap="wrap">
        <Select
          size="xs"
          aria-label={t('cond.op')}
          data={opData}
          value={rule.op}
          onChange={(o) => {
            if (!o) return;
            const op = o as ConditionOp;
            const toList = op === 'in' || op === 'not_in';
            const value = NO_VALUE.includes(op) ? undefined : toList && !Array.isArray(rule.value) ? (rule.value ? [String(rule.value)] : []) : !toList && Array.isArray(rule.value) ? rule.value[0] : rule.value;
            onChange({ field: rule.field, ...(rule.key ? { key: rule.key } : {}), op, ...(value !== undefined ? { value } : {}) });
          }}
          allowDeselect={false}
          w={opData.length > 2 ? 140 : 120}
          data-testid={`condition-op-${path}`}
        />
        {input}
      </Group>
      {problem && (
        <Text size="xs" c="red">
          {t(`problems.${problem}`, { defaultValue: problem })}
        </Text>
      )}
    </Stack>
  );
}
