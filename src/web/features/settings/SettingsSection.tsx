import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  description?: string;
  actions?: ReactNode;
  /** Shown as a quiet notice when the viewer may look but not change. */
  readOnlyNotice?: string | false;
  children: ReactNode;
}

/** The frame of one settings page: title, one-line purpose, main action on the right. */
export function SettingsSection({ title, description, actions, readOnlyNotice, children }: Props) {
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div>
          <Title order={3}>{title}</Title>
          {description && (
            <Text size="sm" c="dimmed" mt={4}>
              {description}
            </Text>
          )}
        </div>
        {actions && <Group gap="xs" wrap="nowrap">{actions}</Group>}
      </Group>
      {readOnlyNotice && (
        <Alert variant="light" color="gray" icon={<IconLock size={16} />} py="xs">
          {readOnlyNotice}
        </Alert>
      )}
      {children}
    </Stack>
  );
}
