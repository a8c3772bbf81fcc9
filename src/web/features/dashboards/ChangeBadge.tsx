import { Group, Text } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from '@tabler/icons-react';
import type { Change } from './metricFormat';

const COLORS = { good: 'teal.7', bad: 'red.7', neutral: 'gray.6' } as const;

/** "▲ +2,3 điểm" in green when it is good news, red when bad, grey when neither. */
export function ChangeBadge({ change, size = 'sm' }: { change: Change | null; size?: 'xs' | 'sm' }) {
  if (!change) return <Text size={size} c="dimmed">—</Text>;
  const Icon = change.direction === 'up' ? IconArrowUpRight : change.direction === 'down' ? IconArrowDownRight : IconMinus;
  return (
    <Group gap={2} wrap="nowrap" c={COLORS[change.tone]} data-tone={change.tone}>
      <Icon size={size === 'xs' ? 14 : 16} stroke={2} />
      <Text size={size} fw={600} c="inherit" style={{ whiteSpace: 'nowrap' }}>
        {change.text}
      </Text>
    </Group>
  );
}
