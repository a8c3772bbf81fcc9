import '@mantine/charts/styles.css';
import { Box, Group, ScrollArea, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useMe } from '../../lib/session';
import { useRole } from '../settings/useRole';
import { AlertsBell } from './AlertsBell';
import { DataLagNote } from './DataLagNote';
import { AlertsPage } from './AlertsPage';
import { LivePage } from './LivePage';
import { OverviewPage } from './OverviewPage';
import { ScorecardPage } from './ScorecardPage';
import { AtRiskPage } from '../retention/AtRiskPage';
import { RetentionPage } from '../retention/RetentionPage';
import { AssistantReport } from '../assistant/AssistantReport';

const TABS = ['overview', 'agents', 'live', 'alerts', 'retention', 'at-risk', 'ai'] as const;

function tabOf(pathname: string): string {
  const seg = pathname.replace(/^\/reports\/?/, '').split('/')[0];
  if (seg === 'me') return 'agents';
  return (TABS as readonly string[]).includes(seg) ? seg : 'overview';
}

function AgentScorecardRoute() {
  const { id } = useParams();
  return <ScorecardPage agentId={id} canPick />;
}

/**
 * /reports/*: the service dashboards. Supervisors and admins see the overview, every agent's scorecard,
 * the live view and early warnings; an agent sees their own scorecard.
 */
export function DashboardsPage() {
  const { t } = useTranslation('dashboards');
  const { isManager } = useRole();
  const me = useMe();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const tab = tabOf(pathname);
  // Period filters travel between the overview and the scorecards; live and alerts have their own.
  const carry = (to: string) => (to === 'overview' || to === 'agents' || to === 'retention' ? search : '');

  return (
    <Box maw={1400} mx="auto">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" wrap="nowrap">
          <div>
            <Title order={2}>{t('title')}</Title>
            <Text c="dimmed" size="sm">
              {t(isManager ? 'subtitle' : 'subtitleAgent')}
            </Text>
            {isManager && <DataLagNote />}
          </div>
          <AlertsBell />
        </Group>
        {isManager && (
          <ScrollArea type="never">
            <Tabs value={tab} onChange={(v) => v && navigate(`/reports${v === 'overview' ? '' : `/${v}`}${carry(v)}`)}>
              <Tabs.List style={{ flexWrap: 'nowrap' }}>
                {TABS.map((x) => (
                  <Tabs.Tab key={x} value={x} data-testid={`reports-tab-${x}`}>
                    {t(`tabs.${x}`, { ns: ['dashboards', 'retention', 'assistant'] })}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
            </Tabs>
          </ScrollArea>
        )}
        {isManager ? (
          <Routes>
            <Route index element={<OverviewPage />} />
            <Route path="agents" element={<ScorecardPage agentId={undefined} canPick />} />
            <Route path="agents/:id" element={<AgentScorecardRoute />} />
            <Route path="me" element={<ScorecardPage agentId={me.data?.user?.id} canPick />} />
            <Route path="live" element={<LivePage />} />
            <Route path="alerts" element={<AlertsPage />} />
            <Route path="retention" element={<RetentionPage />} />
            <Route path="at-risk" element={<AtRiskPage />} />
            <Route path="ai" element={<AssistantReport />} />
            <Route path="*" element={<Navigate to="/reports" replace />} />
          </Routes>
        ) : (
          <Routes>
            <Route path="me" element={<ScorecardPage agentId={me.data?.user?.id} canPick={false} />} />
            <Route path="*" element={<Navigate to="/reports/me" replace />} />
          </Routes>
        )}
      </Stack>
    </Box>
  );
}
