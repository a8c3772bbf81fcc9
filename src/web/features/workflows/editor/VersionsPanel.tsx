import { Badge, Button, Group, Stack, Text, Timeline } from '@mantine/core';
import { IconEye, IconPencil, IconRocket } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import type { WorkflowDetail } from '../workflowsApi';

/**
 * The draft and the published versions, newest first, with who published each and when; any version opens
 * on the canvas read-only (`viewing`), and from there can be restored as the draft.
 */
export function VersionsPanel({ detail, viewing, onOpen, onRestore }: { detail: WorkflowDetail; viewing: number | null; onOpen(version: number | null): void; onRestore: ((version: number) => void) | null }) {
  const { t } = useTranslation('workflows');
  const published = detail.published;
  const versions = [...detail.versions].sort((a, b) => b.version - a.version);
  return (
    <Stack gap="sm" data-testid="wf-versions">
      <Text size="xs" c="dimmed">
        {t('versions.intro')}
      </Text>
      <Timeline active={-1} bulletSize={22} lineWidth={2}>
        <Timeline.Item bullet={<IconPencil size={12} />} title={<Text size="sm" fw={600}>{t('versions.draft')}</Text>}>
          <Text size="xs" c="dimmed">
            {t('versions.savedBy', { at: formatDateTime(detail.draft.updatedAt), name: detail.draft.updatedBy?.name ?? '—' })}
          </Text>
          {viewing !== null && (
            <Button size="compact-xs" variant="light" mt={4} onClick={() => onOpen(null)} data-testid="version-back-to-draft">
              {t('versions.backToDraft')}
            </Button>
          )}
          {detail.workflow.hasDraftChanges && published && (
            <Badge size="xs" color="orange" variant="light" mt={4}>
              {t('versions.unpublishedChanges')}
            </Badge>
          )}
        </Timeline.Item>
        {versions.map((v) => (
          <Timeline.Item
            key={v.version}
            bullet={<IconRocket size={12} />}
            title={
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  {t('versions.version', { version: v.version })}
                </Text>
                {published?.version === v.version && (
                  <Badge size="xs" color="green" variant="light">
                    {t('versions.current')}
                  </Badge>
                )}
              </Group>
            }
          >
            <Text size="xs" c="dimmed">
              {t('versions.publishedBy', { at: formatDateTime(v.publishedAt), name: v.publishedBy?.name ?? '—' })}
            </Text>
            <Group gap={4} mt={4}>
              {viewing === v.version ? (
                <Badge size="sm" color="grape" variant="light" data-testid={`version-viewing-${v.version}`}>
                  {t('versions.viewing')}
                </Badge>
              ) : (
                <Button size="compact-xs" variant="light" leftSection={<IconEye size={12} />} onClick={() => onOpen(v.version)} data-testid={`version-open-${v.version}`}>
                  {t('versions.open')}
                </Button>
              )}
              {onRestore && (
                <Button size="compact-xs" variant="subtle" onClick={() => onRestore(v.version)} data-testid={`version-restore-${v.version}`}>
                  {t('versions.restoreAsDraft')}
                </Button>
              )}
            </Group>
          </Timeline.Item>
        ))}
      </Timeline>
      {versions.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('versions.none')}
        </Text>
      )}
    </Stack>
  );
}
