import { Alert, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconDeviceFloppy, IconFileExport, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Segment, SegmentGroup } from '../../../shared/segments';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ApiError } from '../../lib/api';
import { errorText, notifyError, notifySuccess } from '../../lib/apiErrors';
import { emptyRule, pathLabel } from './conditionDefaults';
import { GroupEditor } from './GroupEditor';
import { SegmentPreviewTable } from './SegmentPreviewTable';
import { downloadSegmentCsv, useDeleteSegment, useSaveSegment, useSegmentPreview } from './segmentsApi';

interface Props {
  /** The saved segment being edited, or null for a new one (the page mounts a fresh editor per segment). */
  segment: Segment | null;
  canManage: boolean;
  onSaved(id: string): void;
  onDeleted(): void;
}

/** Name, rule builder, live count and preview (debounced as the rule changes), save, export, delete. */
export function SegmentEditor({ segment, canManage, onSaved, onDeleted }: Props) {
  const { t } = useTranslation('segments');
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [rule, setRule] = useState<SegmentGroup>(segment?.rule ?? emptyRule());
  const [confirming, setConfirming] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [debounced] = useDebouncedValue(rule, 400);
  const preview = useSegmentPreview(debounced);
  const save = useSaveSegment(segment?.id ?? null);
  const del = useDeleteSegment();

  const ruleError = preview.error instanceof ApiError && preview.error.id === 'segment.invalid_rule' ? preview.error : null;
  const where = ruleError ? pathLabel(ruleError.details) : null;

  const submit = () => {
    setNameError(null);
    save.mutate(
      { name, description, rule },
      {
        onSuccess: (s) => {
          notifySuccess(t('actions.saved'));
          onSaved(s.id);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.id === 'segment.name_taken') setNameError(t('errors.nameTaken'));
          else if (err instanceof ApiError && err.id === 'validation.failed') setNameError(errorText(err));
          else notifyError(err);
        },
      },
    );
  };
  const exportCsv = async () => {
    if (!segment) return;
    setExporting(true);
    try {
      await downloadSegmentCsv(segment.id, `${t('exportFilename')}-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (err) {
      notifyError(err);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="md">
      <Paper p="lg" radius="md">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('name')} placeholder={t('namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} required />
            <Textarea label={t('description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={1} maxRows={3} />
          </SimpleGrid>
          <Text fw={600} size="sm" mt="xs">
            {t('rule')}
          </Text>
          <GroupEditor value={rule} onChange={setRule} number="" depth={1} invalidAt={where} />
          {ruleError && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="rule-error">
              <Text size="sm" fw={600}>
                {where ? t('errors.invalidRule', { where }) : t('errors.invalidRuleRoot')}
              </Text>
              <Text size="xs" c="dimmed">
                {ruleError.message}
              </Text>
            </Alert>
          )}
          <Group justify="space-between" mt="xs" wrap="wrap" gap="sm">
            <Group gap="xs">
              {canManage && (
                <Button leftSection={<IconDeviceFloppy size={16} />} onClick={submit} loading={save.isPending} disabled={!!ruleError || !name.trim()}>
                  {segment ? t('actions.saveChanges') : t('actions.save')}
                </Button>
              )}
              {segment && (
                <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={exportCsv} loading={exporting}>
                  {t('actions.export')}
                </Button>
              )}
            </Group>
            {segment && canManage && (
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirming(true)}>
                {t('actions.delete')}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>

      <Paper p="lg" radius="md">
        <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap">
          <div>
            <Title order={4}>{t('preview.title')}</Title>
            <Text size="xs" c="dimmed">
              {t('preview.hint')}
            </Text>
          </div>
          <Group gap="xs" align="center">
            <IconUsersGroup size={20} color="var(--mantine-color-blue-6)" />
            <div>
              <Text size="xs" c="dimmed">
                {t('count.label')}
              </Text>
              <Group gap={6} align="baseline">
                <Text fz={28} fw={700} lh={1.1} data-testid="segment-count">
                  {preview.data ? preview.data.count.toLocaleString('vi-VN') : '—'}
                </Text>
                {preview.isFetching && <Loader size="xs" />}
              </Group>
            </div>
            {preview.data && !preview.isFetching && (
              <Badge variant="light" color="gray" size="sm">
                {t('count.took', { ms: preview.data.tookMs })}
              </Badge>
            )}
          </Group>
        </Group>
        {preview.data ? <SegmentPreviewTable items={preview.data.items} /> : <Loader size="sm" />}
      </Paper>

      <ConfirmModal
        opened={confirming}
        title={t('actions.delete')}
        confirmLabel={t('actions.delete')}
        loading={del.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          segment &&
          del.mutate(segment.id, {
            onSuccess: () => {
              notifySuccess(t('actions.deleted'));
              setConfirming(false);
              onDeleted();
            },
            onError: notifyError,
          })
        }
      >
        {t('actions.confirmDelete', { name: segment?.name ?? '' })}
      </ConfirmModal>
    </Stack>
  );
}
