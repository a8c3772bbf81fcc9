import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A small labelled figure in the profile header. */
export function StatTile({ label, value, color }: { label: string; value: ReactNode; color?: string }) {
  return (
    <div style={{ minWidth: 96 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.3 }}>
        {label}
      </Text>
      <Text fw={700} size="lg" c={color} lh={1.3}>
        {value}
      </Text>
    </div>
  );
}
