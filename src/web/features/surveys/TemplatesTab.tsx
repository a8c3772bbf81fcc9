import { Button, Group, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SurveyTemplateDto } from '../../../shared/surveys';
import { PageError } from '../../components/PageError';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifySuccess } from '../../lib/apiErrors';
import { notifySurveyError as notifyError } from './surveyErrors';
import { TemplateCard } from './TemplateCard';
import { TemplateEditor } from './TemplateEditor';
import { useDeleteTemplate, useSurveyTemplates } from './surveysApi';

const ORDER = ['csat', 'nps', 'ces', 'custom'];

/** The built-in CSAT, NPS and CES templates first, then the workspace's custom surveys. */
export function TemplatesTab() {
  const { t } = useTranslation('surveys');
  const templates = useSurveyTemplates();
  const remove = useDeleteTemplate();
  const [editing, setEditing] = useState<{ template?: SurveyTemplateDto; seq: number } | null>(null);
  const [deleting, setDeleting] = useState<SurveyTemplateDto | null>(null);

  if (templates.isError) return <PageError error={templates.error} />;
  const list = [...(templates.data ?? [])].sort(
    (a, b) => Number(b.isDefault) - Number(a.isDefault) || ORDER.indexOf(a.type) - ORDER.indexOf(b.type) || a.createdAt.localeCompare(b.createdAt),
  );
  return (
    <>
      <Group justify="space-between" mb="sm" gap="xs">
        <Text size="sm" c="dimmed">
          {t('templates.hint')}
        </Text>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing({ seq: Date.now() })} data-testid="add-template">
          {t('templates.add')}
        </Button>
      </Group>
      {templates.isPending ? (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={170} radius="md" />
          ))}
        </SimpleGrid>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
          {list.map((tpl) => (
            <TemplateCard key={tpl.id} template={tpl} onEdit={() => setEditing({ template: tpl, seq: Date.now() })} onDelete={() => setDeleting(tpl)} />
          ))}
        </SimpleGrid>
      )}
      {editing && <TemplateEditor key={`${editing.template?.id ?? 'new'}-${editing.seq}`} template={editing.template} readOnly={false} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={!!deleting}
        title={t('templates.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('actions.delete')}
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => (notifySuccess(t('templates.deleted')), setDeleting(null)),
            onError: (err) => (notifyError(err), setDeleting(null)),
          })
        }
        onClose={() => setDeleting(null)}
      >
        {t('templates.deleteBody')}
      </ConfirmModal>
    </>
  );
}
