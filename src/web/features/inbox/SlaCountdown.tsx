import { Group, Text, Tooltip } from '@mantine/core';
import { IconAlarm, IconClock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TicketSla } from '../../../shared/tickets';
import { formatDateTime } from '../../lib/format';
import { runningTarget, slaCountdown } from './times';

/** Time left to the running SLA target ("còn 1 giờ 20 phút"), or how late it is ("trễ 3 giờ"); nothing without one. */
export function SlaCountdown({ sla, closed }: { sla: TicketSla; closed: boolean }) {
  const { t } = useTranslation('inboxList');
  const target = closed ? null : runningTarget(sla);
  if (!target) return null;
  const { text, overdue } = slaCountdown(target.dueAt);
  const color = overdue ? 'red' : target.atRisk ? 'orange' : 'dimmed';
  return (
    <Tooltip label={t(`sla.${target.which}`, { when: formatDateTime(target.dueAt) })} withArrow>
      <Group gap={4} wrap="nowrap" data-testid="sla-countdown" data-overdue={overdue || undefined}>
        {overdue || target.atRisk ? <IconAlarm size={14} color={`var(--mantine-color-${color === 'red' ? 'red-7' : 'orange-7'})`} /> : <IconClock size={14} color="var(--mantine-color-dimmed)" />}
        <Text size="xs" fw={overdue || target.atRisk ? 600 : 400} c={color === 'dimmed' ? 'dimmed' : `${color}.7`} style={{ whiteSpace: 'nowrap' }}>
          {text}
        </Text>
      </Group>
    </Tooltip>
  );
}
