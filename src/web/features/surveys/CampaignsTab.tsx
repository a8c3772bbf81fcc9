import { ActionIcon, Badge, Button, Group, Paper, Skeleton, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconPlayerPlay, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageError } from '../../components/PageError';
import { formatDateTime } from '../../lib/format';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifySuccess } from '../../lib/apiErrors';
import { notifySurveyError as notifyError } from './surveyErrors';
import { CampaignModal } from './CampaignModal';
import { modeOf } from './schedule';
import { useCampaigns, useDeleteCampaign, useRunCampaign, useSaveCampaign, useSurveyTemplates, type CampaignRunResult, type SurveyCampaign } from './surveysApi';

/** How many customers a run asked. */
const sentCount = (r: CampaignRunResult): number | null => r.counts.sent ?? null;

/** Survey campaigns: NPS each quarter to active customers and the like; run now, switch on/off. */
export function CampaignsTab() {
  const { t } = useTranslation('surveys');
  const campaigns = useCampaigns();
  const templates = useSurveyTemplates();
  const toggle = useSaveCampaign();
  const run = useRunCampaign();
  const remove = useDeleteCampaign();
  const [editing, setEditing] = useState<{ campaign?: SurveyCampaign; seq: number } | null>(null);
  const [deleting, setDeleting] = useState<SurveyCampaign | null>(null);

  if (campaigns.isError || templates.isError) return <PageError error={campaigns.error ?? templates.error} />;
  const byId = new Map((templates.data ?? []).map((x) => [x.id, x]));
  const describe = (c: SurveyCampaign) => {
    const mode = modeOf(c);
    if (mode === 'once') return t('campaigns.describe.once', { at: formatDateTime(c.runAt) });
    if (mode === 'cron') return t('campaigns.describe.cron', { cron: c.schedule });
    return t(`campaigns.modes.${mode}`);
  };

  return (
    <>
      <Group justify="space-between" mb="sm" gap="xs">
        <Text size="sm" c="dimmed">
          {t('campaigns.hint')}
        </Text>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing({ seq: Date.now() })} disabled={!templates.data?.length} data-testid="add-campaign">
          {t('campaigns.add')}
        </Button>
      </Group>
      {campaigns.isPending ? (
        <Skeleton h={120} radius="md" />
      ) : campaigns.data.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <Text size="sm" c="dimmed" ta="center">
            {t('campaigns.empty')}
          </Text>
        </Paper>
      ) : (
        <Stack gap="sm">
          {campaigns.data.map((c) => {
            const tpl = byId.get(c.templateId);
            return (
              <Paper key={c.id} withBorder radius="md" p="md" data-testid="campaign-row">
                <Group justify="space-between" wrap="wrap" gap="sm">
                  <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
                    <Group gap={6}>
                      <Text fw={700}>{c.name}</Text>
                      {tpl && (
                        <Badge variant="light" size="sm">
                          {t(`types.${tpl.type}`)}
                        </Badge>
                      )}
                      {!c.enabled && (
                        <Badge variant="outline" color="gray" size="sm">
                          {t('campaigns.off')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm">
                      {describe(c)} · {t('campaigns.audienceShort', { days: c.audience.activeWithinDays })}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {tpl?.name ?? '—'} · {c.lastRunAt ? t('campaigns.lastRun', { at: formatDateTime(c.lastRunAt) }) : t('campaigns.neverRun')}
                      {c.enabled && c.nextRunAt && ` · ${t('campaigns.nextRun', { at: formatDateTime(c.nextRunAt) })}`}
                    </Text>
                  </Stack>
                  <Group gap="xs" wrap="nowrap">
                    <Switch
                      checked={c.enabled}
                      onChange={(e) => toggle.mutate({ id: c.id, input: { enabled: e.currentTarget.checked } }, { onError: notifyError })}
                      aria-label={t('campaigns.enabled')}
                    />
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconPlayerPlay size={14} />}
                      loading={run.isPending && run.variables === c.id}
                      onClick={() =>
                        run.mutate(c.id, {
                          onSuccess: (r) => {
                            const n = sentCount(r);
                            notifySuccess(n == null ? t('campaigns.ran') : t('campaigns.ranCount', { count: n }));
                          },
                          onError: notifyError,
                        })
                      }
                    >
                      {t('campaigns.runNow')}
                    </Button>
                    <Tooltip label={t('actions.edit')}>
                      <ActionIcon variant="subtle" color="gray" onClick={() => setEditing({ campaign: c, seq: Date.now() })} aria-label={t('actions.edit')}>
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('actions.delete')}>
                      <ActionIcon variant="subtle" color="red" onClick={() => setDeleting(c)} aria-label={t('actions.delete')}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
      {editing && templates.data && (
        <CampaignModal key={`${editing.campaign?.id ?? 'new'}-${editing.seq}`} campaign={editing.campaign} templates={templates.data} onClose={() => setEditing(null)} />
      )}
      <ConfirmModal
        opened={!!deleting}
        title={t('campaigns.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('actions.delete')}
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => (notifySuccess(t('campaigns.deleted')), setDeleting(null)),
            onError: (err) => (notifyError(err), setDeleting(null)),
          })
        }
        onClose={() => setDeleting(null)}
      >
        {t('campaigns.deleteBody')}
      </ConfirmModal>
    </>
  );
}
