import { ActionIcon, Badge, Button, Group, Paper, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SurveyTemplateDto } from '../../../shared/surveys';
import { notifySurveyError as notifyError } from './surveyErrors';
import { useToggleTemplate } from './surveysApi';

const TYPE_COLOR: Record<string, string> = { csat: 'yellow', nps: 'teal', ces: 'indigo', custom: 'grape' };

/** One template as a card: what it asks, when it goes out, on/off. */
export function TemplateCard({ template, onEdit, onDelete }: { template: SurveyTemplateDto; onEdit: () => void; onDelete: () => void }) {
  const { t, i18n } = useTranslation('surveys');
  const toggle = useToggleTemplate();
  const lang = i18n.language?.startsWith('en') ? 'en' : 'vi';
  const tr = template.triggers;
  const first = template.questions[0];
  return (
    <Paper radius="md" p="md" withBorder data-testid={`template-${template.type}${template.isDefault ? '' : `-${template.id}`}`} style={{ display: 'flex', flexDirection: 'column' }}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Badge color={TYPE_COLOR[template.type]} variant="light">
              {t(`types.${template.type}`)}
            </Badge>
            {template.isDefault && (
              <Badge color="gray" variant="outline">
                {t('templates.builtIn')}
              </Badge>
            )}
          </Group>
          <Text fw={700}>{template.name}</Text>
        </Stack>
        <Switch
          checked={template.enabled}
          disabled={toggle.isPending}
          onChange={(e) => toggle.mutate({ id: template.id, enabled: e.currentTarget.checked }, { onError: notifyError })}
          aria-label={t('editor.enabled')}
          data-testid="template-enabled"
        />
      </Group>
      {first && (
        <Text size="sm" c="dimmed" mt={6} lineClamp={2}>
          “{first.text[lang]}”
        </Text>
      )}
      <Stack gap={2} mt="sm" style={{ flex: 1 }}>
        <Text size="sm" data-testid="template-triggers">
          {tr.on.length === 0 ? t('templates.noTrigger') : t('templates.when', { events: tr.on.map((e) => t(`triggers.${e}`)).join(', '), delay: tr.delayMinutes })}
        </Text>
        <Text size="xs" c="dimmed">
          {t('templates.throttle', { days: tr.throttleDays })}
          {template.lowScoreThreshold != null && ` · ${t('templates.lowScore', { value: template.lowScoreThreshold })}`}
          {template.questions.length > 1 && ` · ${t('templates.questionCount', { count: template.questions.length })}`}
        </Text>
      </Stack>
      <Group justify="flex-end" gap="xs" mt="sm">
        {!template.isDefault && (
          <Tooltip label={t('actions.delete')}>
            <ActionIcon variant="subtle" color="red" onClick={onDelete} aria-label={t('actions.delete')}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
        <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={onEdit} data-testid="template-edit">
          {t('actions.edit')}
        </Button>
      </Group>
    </Paper>
  );
}
