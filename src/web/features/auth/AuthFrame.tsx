import type { ReactNode } from 'react';
import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Logo } from '../../components/Logo';
import { LanguageSwitch } from '../../components/LanguageSwitch';

/** The centred card used by the login and setup pages. */
export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const { t } = useTranslation('auth');
  return (
    <Box mih="100vh" style={{ background: 'linear-gradient(160deg, var(--mantine-color-brand-0) 0%, var(--mantine-color-gray-0) 55%)' }}>
      <Group justify="space-between" p="lg">
        <Logo size="lg" />
        <LanguageSwitch saveToProfile={false} />
      </Group>
      <Center px="md" pb={64} pt={24}>
        <Stack w="100%" maw={440} gap="lg">
          <Paper p={32} radius="lg" shadow="sm">
            <Stack gap={4} mb="lg">
              <Title order={2} size="h3">
                {title}
              </Title>
              {subtitle && (
                <Text c="dimmed" size="sm">
                  {subtitle}
                </Text>
              )}
            </Stack>
            {children}
          </Paper>
          <Text ta="center" size="xs" c="dimmed">
            {t('tagline')}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
