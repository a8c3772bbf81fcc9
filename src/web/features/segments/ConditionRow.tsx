import { ActionIcon, Group, MultiSelect, NumberInput, Select, SegmentedControl, TagsInput, TextInput } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, LIFECYCLE_STAGES } from '../../../shared/common';
import type { SegmentCondition, SegmentField } from '../../../shared/segments';
import { defaultCondition, FIELD_GROUPS, JOURNEY_STAGES, NPS_CATEGORIES, OPS } from './conditionDefaults';

interface Props {
  value: SegmentCondition;
  number: string;
  invalid: boolean;
  onChange(c: SegmentCondition): void;
  onRemove(): void;
}

/** One condition: field, operator and the value inputs that field needs. */
export function ConditionRow({ value: c, number, invalid, onChange, onRemove }: Props) {
  const { t } = useTranslation('segments');
  const tc = useTranslation('common').t;
  // Each kind's own fields; the server checks the combination again.
  const patch = (p: Record<string, unknown>) => onChange({ ...c, ...p } as SegmentCondition);
  const fieldData = FIELD_GROUPS.map((g) => ({ group: t(`group.${g.group}`), items: g.fields.map((f) => ({ value: f, label: t(`field.${f}`) })) }));
  const opData = OPS[c.field].map((o) => ({ value: o, label: t(`op.${o}`) }));
  const num = (v: string | number, fallback = 0) => (typeof v === 'number' ? v : Number(v) || fallback);

  let input: React.ReactNode = null;
  switch (c.field) {
    case 'tag':
      input = <TextInput aria-label={t('value.tag')} placeholder={t('value.tag')} value={c.value} onChange={(e) => patch({ value: e.currentTarget.value })} w={180} />;
      break;
    case 'attribute':
      input = (
        <>
          {c.op !== 'exists' && c.op !== 'not_exists' && (c.op === 'gte' || c.op === 'lte' ? (
            <NumberInput aria-label={t('value.value')} placeholder={t('value.value')} value={typeof c.value === 'number' ? c.value : ''} onChange={(v) => patch({ value: num(v) })} w={140} />
          ) : (
            <TextInput aria-label={t('value.value')} placeholder={t('value.value')} value={c.value === undefined ? '' : String(c.value)} onChange={(e) => patch({ value: e.currentTarget.value })} w={160} />
          ))}
        </>
      );
      break;
    case 'lifecycle':
      input = <MultiSelect aria-label={t('field.lifecycle')} data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: tc(`stages.${s}`) }))} value={c.values} onChange={(v) => patch({ values: v })} miw={220} />;
      break;
    case 'birthday_month':
      input = (
        <MultiSelect
          aria-label={t('field.birthday_month')}
          data={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t('value.month', { month: i + 1 }) }))}
          value={c.values.map(String)}
          onChange={(v) => patch({ values: v.map(Number) })}
          miw={220}
        />
      );
      break;
    case 'preferred_channel':
      input = <MultiSelect aria-label={t('field.preferred_channel')} data={CHANNELS.map((s) => ({ value: s, label: tc(`channel.${s}`) }))} value={c.values} onChange={(v) => patch({ values: v })} miw={220} />;
      break;
    case 'order_count':
    case 'ticket_count':
    case 'last_csat':
      input = (
        <>
          <NumberInput aria-label={t('value.value')} min={c.field === 'last_csat' ? 1 : 0} max={c.field === 'last_csat' ? 5 : undefined} value={c.value} onChange={(v) => patch({ value: num(v) })} w={100} />
          {c.field === 'ticket_count' && (
            <NumberInput aria-label={t('value.withinDays')} placeholder={t('value.withinDays')} min={1} value={c.withinDays ?? ''} onChange={(v) => patch({ withinDays: v === '' ? undefined : num(v, 1) })} w={200} />
          )}
        </>
      );
      break;
    case 'total_spent':
      input = <NumberInput aria-label={t('value.value')} min={0} step={100_000} thousandSeparator="." decimalSeparator="," suffix=" ₫" value={c.value} onChange={(v) => patch({ value: num(v) })} w={180} />;
      break;
    case 'last_order':
      input = c.op === 'never' ? null : <NumberInput aria-label={t('value.days')} min={1} value={c.days ?? ''} onChange={(v) => patch({ days: v === '' ? undefined : num(v, 1) })} w={110} />;
      break;
    case 'product':
      input = <TagsInput aria-label={t('field.product')} placeholder={t('value.skus')} value={c.skus} onChange={(v) => patch({ skus: v })} miw={220} />;
      break;
    case 'open_order':
    case 'open_ticket':
      input = (
        <SegmentedControl
          size="xs"
          data={[
            { value: 'yes', label: t('value.yes') },
            { value: 'no', label: t('value.no') },
          ]}
          value={c.value ? 'yes' : 'no'}
          onChange={(v) => patch({ value: v === 'yes' })}
        />
      );
      break;
    case 'nps_category':
      input = <MultiSelect aria-label={t('field.nps_category')} data={NPS_CATEGORIES.map((s) => ({ value: s, label: t(`nps.${s}`) }))} value={c.values} onChange={(v) => patch({ values: v })} miw={220} />;
      break;
    case 'journey_stage':
      input = <MultiSelect aria-label={t('field.journey_stage')} data={JOURNEY_STAGES.map((s) => ({ value: s, label: t(`journey.${s}`) }))} value={c.values} onChange={(v) => patch({ values: v })} miw={220} />;
      break;
  }

  return (
    <Group
      gap="xs"
      wrap="wrap"
      align="center"
      data-testid={`condition-${number}`}
      p={6}
      style={{ borderRadius: 'var(--mantine-radius-sm)', outline: invalid ? '2px solid var(--mantine-color-red-5)' : undefined, background: 'var(--mantine-color-gray-0)' }}
    >
      <Select aria-label={t('rule')} data={fieldData} value={c.field} onChange={(f) => f && onChange(defaultCondition(f as SegmentField))} w={210} allowDeselect={false} searchable />
      {c.field === 'attribute' && <TextInput aria-label={t('value.key')} placeholder={t('value.key')} value={c.key} onChange={(e) => patch({ key: e.currentTarget.value })} w={140} />}
      {opData.length > 1 ? (
        <Select aria-label="op" data={opData} value={c.op} onChange={(o) => o && patch({ op: o })} w={170} allowDeselect={false} />
      ) : null}
      {input}
      <ActionIcon variant="subtle" color="gray" aria-label={t('remove')} onClick={onRemove} ml="auto">
        <IconX size={16} />
      </ActionIcon>
    </Group>
  );
}
