import { Anchor, CloseButton, Group, Paper, Progress, SimpleGrid, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { IconCircleCheckFilled, IconCircleDashed, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { OnboardingStepKey } from '../../../shared/onboarding';
import { useMe } from '../../lib/session';
import { notifyError } from '../../lib/apiErrors';
import { PublicUrlWarning } from './PublicUrlWarning';
import { useDismissOnboarding, useOnboarding } from './useOnboarding';

/** Where each step is done. */
const STEP_LINKS: Record<OnboardingStepKey, string> = {
  channel: '/settings/channels',
  teammate: '/settings/users',
  businessHours: '/settings/hours',
  cannedReply: '/settings/canned',
  survey: '/settings/surveys',
};

/**
 * The admin's home card after setup: five steps that tick themselves from what is really set up (the
 * server reads it), each a link to where it is done; hidden once all are done or an admin dismisses it.
 * The public-address warning shows above it whatever the checklist's state.
 */
export function GettingStarted() {
  const { t } = useTranslation('onboarding');
  const me = useMe();
  const isAdmin = me.data?.actor.role === 'admin';
  const onboarding = useOnboarding(isAdmin);
  const dismiss = useDismissOnboarding();
  if (!isAdmin || !onboarding.data) return null;
  const { steps, dismissedAt, publicUrl } = onboarding.data;
  const doneCount = steps.filter((s) => s.done).length;
  const showChecklist = !dismissedAt && doneCount < steps.length;

  return (
    <>
      <PublicUrlWarning publicUrl={publicUrl} />
      {showChecklist && (
        <Paper p="lg" radius="md" withBorder data-testid="getting-started">
          <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
            <Stack gap={2}>
              <Title order={3} size="h4">
                {t('title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('subtitle', { done: doneCount, total: steps.length })}
              </Text>
            </Stack>
            <CloseButton
              aria-label={t('dismiss')}
              title={t('dismiss')}
              onClick={() => dismiss.mutate(undefined, { onError: notifyError })}
              disabled={dismiss.isPending}
            />
          </Group>
          <Progress value={(doneCount / steps.length) * 100} size="sm" mb="md" aria-label={t('subtitle', { done: doneCount, total: steps.length })} />
          <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} spacing="xs">
            {steps.map((s) => (
              <UnstyledButton
                key={s.key}
                component={Link}
                to={STEP_LINKS[s.key]}
                data-testid={`onboarding-step-${s.key}`}
                data-done={s.done}
                p="sm"
                style={{ borderRadius: 8, border: '1px solid var(--mantine-color-gray-3)', opacity: s.done ? 0.7 : 1 }}
              >
                <Group wrap="nowrap" gap="sm" align="flex-start">
                  <ThemeIcon variant="transparent" color={s.done ? 'teal' : 'gray'} size={24}>
                    {s.done ? <IconCircleCheckFilled size={22} /> : <IconCircleDashed size={22} />}
                  </ThemeIcon>
                  <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                    <Text fw={600} size="sm" td={s.done ? 'line-through' : undefined}>
                      {t(`steps.${s.key}.title`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {s.done ? t('doneLabel') : t(`steps.${s.key}.hint`)}
                    </Text>
                  </Stack>
                  {!s.done && <IconChevronRight size={16} color="var(--mantine-color-gray-5)" />}
                </Group>
              </UnstyledButton>
            ))}
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Anchor component="button" size="xs" c="dimmed" onClick={() => dismiss.mutate(undefined, { onError: notifyError })}>
              {t('dismissLong')}
            </Anchor>
          </Group>
        </Paper>
      )}
    </>
  );
}
