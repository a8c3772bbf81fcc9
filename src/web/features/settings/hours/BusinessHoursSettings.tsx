import { Skeleton, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageError } from '../../../components/PageError';
import { SettingsSection } from '../SettingsSection';
import { useRole } from '../useRole';
import { HolidaysCard } from './HolidaysCard';
import { useHolidays, useWorkspaceSettings } from './hoursApi';
import { WeeklyHoursCard } from './WeeklyHoursCard';

/** Settings → Business hours: time zone, weekly schedule, public holidays. */
export function BusinessHoursSettings() {
  const { t } = useTranslation('settings');
  const { isAdmin } = useRole();
  const settings = useWorkspaceSettings();
  const holidays = useHolidays();

  return (
    <SettingsSection title={t('hours.title')} description={t('hours.description')} readOnlyNotice={!isAdmin && t('common.adminOnly')}>
      {settings.isError ? (
        <PageError error={settings.error} />
      ) : settings.isPending ? (
        <Skeleton h={420} radius="md" />
      ) : (
        <Stack gap="lg">
          <WeeklyHoursCard settings={settings.data} canManage={isAdmin} />
          {holidays.isError ? <PageError error={holidays.error} /> : <HolidaysCard holidays={holidays.data ?? []} canManage={isAdmin} />}
        </Stack>
      )}
    </SettingsSection>
  );
}
