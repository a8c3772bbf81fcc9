import { Badge, Button, Group, Stack, Text, Timeline } from '@mantine/core';
import { IconPencil, IconRocket } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { WorkflowGraph } from '../../../../shared/workflows';
import { formatDateTime } from '../../../lib/format';
import type { WorkflowDetail } from '../workflowsApi';

/** The draft and the published versions, newest first, with who published each and when. */
export function VersionsPanel({ detail, canManage, onLoad }: { detail: WorkflowDetail; canManage: boolean; onLoad(g: WorkflowGraph): void }) {
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
            {canManage && published?.version === v.version && detail.workflow.hasDraftChanges && (
              <Button size="compact-xs" variant="subtle" mt={4} onClick={() => onLoad(published.graph)} data-testid="version-restore">
                {t('versions.restore')}
              </Button>
            )}
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
