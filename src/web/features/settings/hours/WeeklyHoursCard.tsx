import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WEEKDAYS, type WorkspaceSettings } from '../../../../shared/settings';
import { fieldErrorsFrom, notifyError, notifySuccess } from '../../../lib/apiErrors';
import { useUpdateWorkspaceSettings } from './hoursApi';
import { TimezoneSelect } from './TimezoneSelect';
import { dayError, toBusinessHours, type Range, type WeekSchedule } from './validateHours';
import { WeekdayRow } from './WeekdayRow';

const toWeek = (ws: WorkspaceSettings): WeekSchedule =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, (ws.businessHours[d] ?? []).map((r) => [r[0], r[1]] as Range)])) as WeekSchedule;

/** The time zone and the weekly opening hours, saved together. */
export function WeeklyHoursCard({ settings, canManage }: { settings: WorkspaceSettings; canManage: boolean }) {
  const { t } = useTranslation('settings');
  const save = useUpdateWorkspaceSettings();
  const [zone, setZone] = useState(settings.timezone);
  const [week, setWeek] = useState<WeekSchedule>(() => toWeek(settings));
  const [serverError, setServerError] = useState<string>();

  // Newly saved settings replace what is on screen: adjusted while rendering, as React advises.
  const [shown, setShown] = useState(settings);
  if (settings !== shown) {
    setShown(settings);
    setZone(settings.timezone);
    setWeek(toWeek(settings));
  }

  const dirty = zone !== settings.timezone || JSON.stringify(toBusinessHours(week)) !== JSON.stringify(toBusinessHours(toWeek(settings)));
  const invalid = WEEKDAYS.some((d) => week[d].length > 0 && dayError(week[d]));

  const copyMonday = () => setWeek((w) => ({ ...w, tue: [...w.mon], wed: [...w.mon], thu: [...w.mon], fri: [...w.mon] }));

  const submit = () => {
    setServerError(undefined);
    save.mutate(
      { timezone: zone, businessHours: toBusinessHours(week) },
      {
        onSuccess: () => notifySuccess(t('hours.saved')),
        onError: (err) => {
          const fe = fieldErrorsFrom(err);
          if (fe.timezone || fe.businessHours) setServerError(fe.timezone ?? fe.businessHours);
          else notifyError(err);
        },
      },
    );
  };

  return (
    <Paper p="lg" radius="md">
      <Stack gap="md">
        <TimezoneSelect label={t('hours.timezone')} value={zone} onChange={setZone} disabled={!canManage} />
        <div>
          <Group justify="space-between" mb={4}>
            <Title order={5}>{t('hours.weekly')}</Title>
            {canManage && week.mon.length > 0 && (
              <Button variant="subtle" size="compact-sm" onClick={copyMonday}>
                {t('hours.copyToWeekdays')}
              </Button>
            )}
          </Group>
          {WEEKDAYS.map((d) => (
            <WeekdayRow
              key={d}
              label={t(`hours.weekdays.${d}`)}
              ranges={week[d]}
              onChange={(ranges) => setWeek((w) => ({ ...w, [d]: ranges }))}
              disabled={!canManage}
            />
          ))}
        </div>
        {serverError && (
          <Text c="red" size="sm">
            {serverError}
          </Text>
        )}
        {canManage && (
          <Group justify="flex-end" gap="sm">
            {dirty && (
              <Text size="sm" c="dimmed">
                {t('common.unsaved')}
              </Text>
            )}
            <Button onClick={submit} disabled={!dirty || invalid} loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
