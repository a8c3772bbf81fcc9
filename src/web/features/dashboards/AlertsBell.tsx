import { ActionIcon, Badge, Indicator, Tooltip } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRole } from '../settings/useRole';
import { useAlerts } from './dashboardsApi';
import { useAlertsRefresh } from './useAlertsRefresh';

/** The bell on the reports page: how many early warnings are open, one click to the list. */
export function AlertsBell() {
  const { t } = useTranslation('dashboards');
  const { isManager } = useRole();
  const open = useAlerts('open', isManager);
  if (!isManager) return null;
  const count = open.data?.length ?? 0;
  return (
    <Tooltip label={t('alerts.bell', { count })} withArrow>
      <Indicator label={count} size={18} disabled={count === 0} color="red" offset={4} data-testid="alerts-bell-count">
        <ActionIcon component={Link} to="/reports/alerts" variant="default" size="lg" radius="md" aria-label={t('alerts.bell', { count })}>
          <IconBell size={20} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}

/** The open-alerts count next to "Báo cáo" in the main navigation (supervisors and admins only). */
export function AlertsNavBadge() {
  const { isManager } = useRole();
  const open = useAlerts('open', isManager);
  // The navigation is always on screen: it keeps the bell and the list fresh for the whole app.
  useAlertsRefresh(isManager);
  const count = open.data?.length ?? 0;
  if (!isManager || count === 0) return null;
  return (
    <Badge size="sm" color="red" variant="filled" circle={count < 10} data-testid="nav-alerts-badge">
      {count}
    </Badge>
  );
}
