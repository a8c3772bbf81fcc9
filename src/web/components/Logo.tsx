import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconHeartHandshake } from '@tabler/icons-react';
import { Link } from 'react-router-dom';

/** The product mark: links home. */
export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  return (
    <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
      <Group gap={8} wrap="nowrap">
      <ThemeIcon size={size === 'lg' ? 40 : 32} radius="md" variant="gradient" gradient={{ from: 'brand.7', to: 'cyan.7', deg: 135 }}>
        <IconHeartHandshake size={size === 'lg' ? 24 : 20} />
      </ThemeIcon>
      <Text fw={700} size={size === 'lg' ? 'xl' : 'lg'} style={{ letterSpacing: -0.3 }}>
        Tận Tâm
      </Text>
      </Group>
    </Link>
  );
}
