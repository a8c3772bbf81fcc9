import { Box, Flex, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import { SettingsNav } from './SettingsNav';
import { UsersSettings } from './users/UsersSettings';
import { TeamsSettings } from './teams/TeamsSettings';
import { SlaSettings } from './sla/SlaSettings';
import { BusinessHoursSettings } from './hours/BusinessHoursSettings';
import { CannedRepliesSettings } from './canned/CannedRepliesSettings';
import { ApiTokensSettings } from './tokens/ApiTokensSettings';
import { ChannelsSettings } from './channels/ChannelsSettings';
import { SurveysSettings } from '../surveys/SurveysSettings';
import { NoticesSettings } from '../notices/NoticesSettings';
import { AiSettings } from '../ai/AiSettings';
import { AssistantSettings } from '../assistant/AssistantSettings';
import { WebhooksSettings } from '../webhooks/WebhooksSettings';
import { AuditLogSettings } from '../audit/AuditLogSettings';

/** /settings/*: its own sub-navigation and one nested route per settings page. */
export function SettingsPage() {
  const { t } = useTranslation('settings');
  return (
    <Box maw={1200} mx="auto">
      <Title order={2} mb="md">
        {t('title')}
      </Title>
      <Flex gap="lg" direction={{ base: 'column', sm: 'row' }} align="flex-start">
        <Box w={{ base: '100%', sm: 220 }} style={{ flexShrink: 0 }}>
          <SettingsNav />
        </Box>
        <Box style={{ flex: 1, minWidth: 0 }} w="100%">
          <Routes>
            <Route index element={<Navigate to="users" replace />} />
            <Route path="users" element={<UsersSettings />} />
            <Route path="teams" element={<TeamsSettings />} />
            <Route path="sla" element={<SlaSettings />} />
            <Route path="hours" element={<BusinessHoursSettings />} />
            <Route path="canned" element={<CannedRepliesSettings />} />
            <Route path="tokens" element={<ApiTokensSettings />} />
            <Route path="channels" element={<ChannelsSettings />} />
            <Route path="surveys" element={<SurveysSettings />} />
            <Route path="notices" element={<NoticesSettings />} />
            <Route path="ai" element={<AiSettings />} />
            <Route path="assistant" element={<AssistantSettings />} />
            <Route path="webhooks" element={<WebhooksSettings />} />
            <Route path="audit" element={<AuditLogSettings />} />
            <Route path="*" element={<Navigate to="users" replace />} />
          </Routes>
        </Box>
      </Flex>
    </Box>
  );
}
