import { ActionIcon, Badge, Button, Group, Paper, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconCheck, IconSparkles, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AiField, TicketPrediction } from '../../../shared/ai';
import type { TicketDetail } from '../../../shared/tickets';
import { ApiError } from '../../lib/api';
import { notifyError } from '../../lib/apiErrors';
import { useTeams } from '../../lib/directory';
import { useAiSettings } from './aiApi';
import { currentValue, useApplyPrediction, useDismissPrediction, useTicketPredictions, useUndoPrediction } from './ticketAiApi';

const pct = (c: number) => `${Math.round(c * 100)}%`;

/**
 * The AI on the ticket page's side: what "Tự động (AI)" filled in by itself (with Undo), and its
 * suggestions for fields the admin set to "suggest" (apply in one click, or dismiss). Nothing shows
 * when the AI has nothing to say about this ticket.
 */
export function TicketAiPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation(['ai', 'common']);
  const predictions = useTicketPredictions(ticket.id);
  const settings = useAiSettings();
  const teams = useTeams();
  const apply = useApplyPrediction(ticket.id);
  const undo = useUndoPrediction(ticket.id);
  const dismiss = useDismissPrediction(ticket.id);
  const readOnly = !!ticket.mergedIntoId;

  const modeOf = (field: AiField) => settings.data?.fields.find((f) => f.field === field)?.mode ?? 'suggest';
  const valueText = (field: AiField, label: string) =>
    field === 'team' ? (teams.data?.find((tm) => tm.id === label)?.name ?? t('panel.deletedTeam')) : field === 'priority' ? t(`common:priority.${label}`, { defaultValue: label }) : label;

  const items = predictions.data ?? [];
  const applied = items.filter((p) => p.state === 'applied' && currentValue(ticket, p.field) === p.label);
  const suggested = items.filter(
    (p) => p.state === 'suggested' && modeOf(p.field) !== 'off' && currentValue(ticket, p.field) !== p.label && p.dismissedAt === null,
  );
  if (readOnly || (applied.length === 0 && suggested.length === 0)) return null;

  const onUndo = (p: TicketPrediction) =>
    undo.mutate(p.field, {
      onSuccess: () => notifications.show({ color: 'teal', message: t('panel.undone', { field: t(`field.${p.field}`) }) }),
      onError: (err) =>
        err instanceof ApiError && err.id === 'ai.changed_since'
          ? notifications.show({ color: 'yellow', message: t('panel.changedSince') })
          : notifyError(err),
    });

  const onDismiss = (p: TicketPrediction) => {
    const field = t(`field.${p.field}`).toLocaleLowerCase();
    const id = `ai-dismissed-${ticket.id}-${p.field}`;
    dismiss.mutate(
      { field: p.field, dismissed: true },
      {
        onError: notifyError,
        onSuccess: () =>
          notifications.show({
            id,
            color: 'gray',
            message: (
              <Group gap="xs" justify="space-between" wrap="nowrap">
                <Text size="sm">{t('panel.dismissed', { field })}</Text>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  data-testid="ai-restore"
                  onClick={() => {
                    notifications.hide(id);
                    dismiss.mutate({ field: p.field, dismissed: false }, { onError: notifyError });
                  }}
                >
                  {t('panel.restore')}
                </Button>
              </Group>
            ),
          }),
      },
    );
  };

  return (
    <Paper p="lg" radius="md" data-testid="ticket-ai">
      <Group gap={6} mb="sm">
        <IconSparkles size={18} color="var(--mantine-color-violet-6)" />
        <Text fw={600}>{t('panel.title')}</Text>
      </Group>
      <Stack gap="sm">
        {applied.map((p) => (
          <Group key={p.field} gap="xs" wrap="nowrap" justify="space-between" data-testid="ai-applied" data-field={p.field}>
            <div style={{ minWidth: 0 }}>
              <Group gap={6} wrap="nowrap">
                <Tooltip label={t('panel.appliedTooltip', { confidence: pct(p.confidence) })} withArrow multiline w={240}>
                  <Badge size="xs" color="violet" variant="light" data-testid="ai-badge">
                    AI
                  </Badge>
                </Tooltip>
                <Text size="xs" c="dimmed">
                  {t(`field.${p.field}`)}
                </Text>
              </Group>
              <Text size="sm" fw={500} truncate="end">
                {valueText(p.field, p.label)}{' '}
                <Text span size="xs" c="dimmed">
                  · {t('panel.byAi')} · {pct(p.confidence)}
                </Text>
              </Text>
            </div>
            <Button
              size="compact-xs"
              variant="default"
              leftSection={<IconArrowBackUp size={14} />}
              loading={undo.isPending && undo.variables === p.field}
              onClick={() => onUndo(p)}
              data-testid="ai-undo"
            >
              {t('panel.undo')}
            </Button>
          </Group>
        ))}
        {suggested.map((p) => (
          <div key={p.field} data-testid="ai-suggestion" data-field={p.field}>
            <Group gap="xs" wrap="nowrap" justify="space-between">
              <div style={{ minWidth: 0 }}>
                <Text size="xs" c="dimmed">
                  {t('panel.suggests', { field: t(`field.${p.field}`) })}
                </Text>
                <Text size="sm" fw={500} truncate="end">
                  {valueText(p.field, p.label)}
                </Text>
              </div>
              <Group gap={4} wrap="nowrap">
                <Button
                  size="compact-xs"
                  color="violet"
                  variant="light"
                  leftSection={<IconCheck size={14} />}
                  loading={apply.isPending && apply.variables?.field === p.field}
                  onClick={() => apply.mutate({ field: p.field, label: p.label }, { onError: notifyError })}
                  data-testid="ai-apply"
                >
                  {t('panel.apply')}
                </Button>
                <Tooltip label={t('panel.dismiss')} withArrow>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={t('panel.dismiss')}
                    onClick={() => onDismiss(p)}
                    data-testid="ai-dismiss"
                  >
                    <IconX size={14} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
            <Tooltip label={t('panel.confidence', { confidence: pct(p.confidence) })} withArrow>
              <Group gap={6} wrap="nowrap" mt={4}>
                <Progress value={p.confidence * 100} size="sm" color={p.confidence >= 0.8 ? 'teal' : p.confidence >= 0.5 ? 'yellow' : 'gray'} style={{ flex: 1 }} aria-label={t('panel.confidence', { confidence: pct(p.confidence) })} />
                <Text size="xs" c="dimmed" w={34} ta="right" data-testid="ai-confidence">
                  {pct(p.confidence)}
                </Text>
              </Group>
            </Tooltip>
          </div>
        ))}
        {suggested.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('panel.learns')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
