import { Tabs } from '@mantine/core';
import { IconCalendarRepeat, IconListCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { SettingsSection } from '../settings/SettingsSection';
import { useRole } from '../settings/useRole';
import { CampaignsTab } from './CampaignsTab';
import { TemplatesTab } from './TemplatesTab';

/** Settings → Surveys: the templates (what is asked, when) and the campaigns (who, on what schedule). Managers only. */
export function SurveysSettings() {
  const { t } = useTranslation('surveys');
  const { role } = useRole();
  if (role === 'agent') return <Navigate to="/settings/users" replace />;
  return (
    <SettingsSection title={t('title')} description={t('description')}>
      <Tabs defaultValue="templates" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="templates" leftSection={<IconListCheck size={16} />}>
            {t('tabs.templates')}
          </Tabs.Tab>
          <Tabs.Tab value="campaigns" leftSection={<IconCalendarRepeat size={16} />} data-testid="tab-campaigns">
            {t('tabs.campaigns')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="templates">
          <TemplatesTab />
        </Tabs.Panel>
        <Tabs.Panel value="campaigns">
          <CampaignsTab />
        </Tabs.Panel>
      </Tabs>
    </SettingsSection>
  );
}
