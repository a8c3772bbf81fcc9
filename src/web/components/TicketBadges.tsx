import { Badge } from '@mantine/core';
import { IconAlarm, IconFlame } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

// Badges truncate their label by default; in table cells that hid the whole word, so show it in full.
const full = { label: { overflow: 'visible' as const } };

const STATUS_COLORS: Record<string, string> = {
  received: 'blue',
  verified: 'cyan',
  routed: 'violet',
  responded: 'teal',
  resolved: 'green',
  closed: 'gray',
};

/** The ticket's step in the 5-step process. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATUS_COLORS[status] ?? 'gray'} styles={full} data-testid="status-badge">
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

const PRIORITY_COLORS: Record<string, string> = { low: 'gray', normal: 'gray', high: 'orange', urgent: 'red' };

/** Priority; only high and urgent draw the eye. */
export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation();
  // Only urgent is loud; high is tinted; low and normal stay quiet.
  return (
    <Badge
      variant={priority === 'urgent' ? 'filled' : 'light'}
      styles={full}
      color={PRIORITY_COLORS[priority] ?? 'gray'}
      leftSection={priority === 'urgent' ? <IconFlame size={12} /> : undefined}
    >
      {t(`priority.${priority}`, { defaultValue: priority })}
    </Badge>
  );
}

/** SLA at risk / breached; nothing when on time. */
export function SlaBadge({ state }: { state: 'ok' | 'at_risk' | 'breached' | null }) {
  const { t } = useTranslation();
  if (state !== 'at_risk' && state !== 'breached') return null;
  return (
    <Badge
      variant={state === 'breached' ? 'filled' : 'light'}
      styles={full}
      color={state === 'breached' ? 'red' : 'yellow'}
      leftSection={<IconAlarm size={12} />}
      data-testid="sla-badge"
    >
      {t(state === 'breached' ? 'sla.breached' : 'sla.atRisk')}
    </Badge>
  );
}
