import { Alert, Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SurveyTemplateDto } from '../../../shared/surveys';
import { notifySuccess } from '../../lib/apiErrors';
import { notifySurveyError as notifyError } from './surveyErrors';
import { VnDatesProvider } from '../settings/hours/VnDatesProvider';
import { modeOf, scheduleFor, type ScheduleMode } from './schedule';
import { useSaveCampaign, type SurveyCampaign } from './surveysApi';

/** 'YYYY-MM-DD HH:mm:ss' in this browser's time, as Mantine's date pickers hold values. */
function toPickerValue(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:00`;
}

/** Creates or changes a campaign: which survey, to whom (active within N days), on which schedule. */
export function CampaignModal({ campaign, templates, onClose }: { campaign?: SurveyCampaign; templates: SurveyTemplateDto[]; onClose: () => void }) {
  const { t } = useTranslation('surveys');
  const phone = useMediaQuery('(max-width: 48em)');
  const save = useSaveCampaign();
  const nps = templates.find((x) => x.type === 'nps');
  const [name, setName] = useState(campaign?.name ?? '');
  const [templateId, setTemplateId] = useState<string | null>(campaign?.templateId ?? nps?.id ?? templates[0]?.id ?? null);
  const [days, setDays] = useState<number>(campaign?.audience.activeWithinDays ?? 90);
  const [mode, setMode] = useState<ScheduleMode>(campaign ? modeOf(campaign) : 'quarterly');
  const [cron, setCron] = useState(campaign?.schedule ?? '0 9 * * 1');
  const [runAt, setRunAt] = useState<string | null>(toPickerValue(campaign?.runAt ?? null));
  const [enabled, setEnabled] = useState(campaign?.enabled ?? true);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('campaigns.nameMissing'));
    if (!templateId) return setError(t('campaigns.templateMissing'));
    const when = scheduleFor(mode, cron, runAt ? new Date(runAt.replace(' ', 'T')) : null);
    if ('error' in when) return setError(t(`campaigns.${when.error}`));
    setError(null);
    save.mutate(
      { id: campaign?.id, input: { name: name.trim(), templateId, audience: { activeWithinDays: days }, ...when, enabled } },
      { onSuccess: () => (notifySuccess(t('campaigns.saved')), onClose()), onError: notifyError },
    );
  };

  return (
    <Modal opened onClose={onClose} size="lg" fullScreen={phone} title={<Text fw={700}>{campaign ? t('campaigns.editTitle') : t('campaigns.newTitle')}</Text>}>
      <form onSubmit={submit} noValidate data-testid="campaign-form">
        <Stack gap="md">
          <TextInput label={t('campaigns.name')} placeholder={t('campaigns.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-testid="campaign-name" />
          <Select
            label={t('campaigns.template')}
            data={templates.map((x) => ({ value: x.id, label: x.name.includes(t(`types.${x.type}`)) ? x.name : `${x.name} (${t(`types.${x.type}`)})` }))}
            value={templateId}
            onChange={setTemplateId}
            allowDeselect={false}
            required
            data-testid="campaign-template"
          />
          <NumberInput
            label={t('campaigns.audience')}
            description={t('campaigns.audienceHint')}
            suffix={` ${t('units.days')}`}
            min={1}
            max={3650}
            value={days}
            onChange={(v) => setDays(typeof v === 'number' ? Math.round(v) : 1)}
            data-testid="campaign-days"
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('campaigns.schedule')}
            </Text>
            <SegmentedControl
              fullWidth
              orientation={phone ? 'vertical' : 'horizontal'}
              value={mode}
              onChange={(v) => (setMode(v as ScheduleMode), setError(null))}
              data={(['quarterly', 'monthly', 'cron', 'once'] as const).map((m) => ({ value: m, label: t(`campaigns.modes.${m}`) }))}
              data-testid="campaign-mode"
            />
          </div>
          {mode === 'quarterly' && <Text size="sm" c="dimmed">{t('campaigns.quarterlyHint')}</Text>}
          {mode === 'monthly' && <Text size="sm" c="dimmed">{t('campaigns.monthlyHint')}</Text>}
          {mode === 'cron' && (
            <TextInput label={t('campaigns.cron')} description={t('campaigns.cronHint')} value={cron} onChange={(e) => setCron(e.currentTarget.value)} ff="monospace" data-testid="campaign-cron" />
          )}
          {mode === 'once' && (
            <VnDatesProvider>
              <DateTimePicker
                label={t('campaigns.runAt')}
                placeholder="dd/mm/yyyy hh:mm"
                value={runAt}
                onChange={setRunAt}
                valueFormat="DD/MM/YYYY HH:mm"
                minDate={new Date()}
                clearable
                data-testid="campaign-run-at"
              />
            </VnDatesProvider>
          )}
          <Switch label={t('campaigns.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          {error && (
            <Alert color="red" variant="light" py="xs" data-testid="campaign-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="campaign-save">
              {t('actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
