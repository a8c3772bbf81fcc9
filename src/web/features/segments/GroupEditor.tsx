import { Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconPlus, IconSitemap, IconX } from '@tabler/icons-react';
import { ActionIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SegmentCondition, SegmentGroup } from '../../../shared/segments';
import { ConditionRow } from './ConditionRow';
import { defaultCondition, isGroup, SEGMENT_MAX_DEPTH } from './conditionDefaults';

interface Props {
  value: SegmentGroup;
  onChange(g: SegmentGroup): void;
  onRemove?: () => void;
  /** "1.2" for nested groups ('' at the top). */
  number: string;
  depth: number;
  /** The number of the condition the server refused (e.g. "2.1"), to outline it. */
  invalidAt: string | null;
}

/** A group of conditions joined by all/any, nesting groups up to the server's depth. */
export function GroupEditor({ value: g, onChange, onRemove, number, depth, invalidAt }: Props) {
  const { t } = useTranslation('segments');
  const set = (i: number, r: SegmentGroup | SegmentCondition) => onChange({ ...g, rules: g.rules.map((x, k) => (k === i ? r : x)) });
  const remove = (i: number) => onChange({ ...g, rules: g.rules.filter((_, k) => k !== i) });
  const child = (i: number) => (number ? `${number}.${i + 1}` : String(i + 1));
  return (
    <Stack gap="xs" pl={depth > 1 ? 'sm' : 0} style={depth > 1 ? { borderLeft: '3px solid var(--mantine-color-blue-2)' } : undefined}>
      <Group justify="space-between" gap="xs">
        <SegmentedControl
          size="xs"
          data={[
            { value: 'all', label: t('match.all') },
            { value: 'any', label: t('match.any') },
          ]}
          value={g.match}
          onChange={(m) => onChange({ ...g, match: m as 'all' | 'any' })}
        />
        {onRemove && (
          <ActionIcon variant="subtle" color="gray" aria-label={t('remove')} onClick={onRemove}>
            <IconX size={16} />
          </ActionIcon>
        )}
      </Group>
      {g.rules.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('emptyGroup')}
        </Text>
      )}
      {g.rules.map((r, i) =>
        isGroup(r) ? (
          <GroupEditor key={i} value={r} onChange={(x) => set(i, x)} onRemove={() => remove(i)} number={child(i)} depth={depth + 1} invalidAt={invalidAt} />
        ) : (
          <ConditionRow key={i} value={r} number={child(i)} invalid={invalidAt === child(i)} onChange={(x) => set(i, x)} onRemove={() => remove(i)} />
        ),
      )}
      <Group gap="xs">
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange({ ...g, rules: [...g.rules, defaultCondition('order_count')] })}>
          {t('addCondition')}
        </Button>
        {depth < SEGMENT_MAX_DEPTH - 1 && (
          <Button size="xs" variant="subtle" leftSection={<IconSitemap size={14} />} onClick={() => onChange({ ...g, rules: [...g.rules, { match: 'any', rules: [defaultCondition('order_count')] }] })}>
            {t('addGroup')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
