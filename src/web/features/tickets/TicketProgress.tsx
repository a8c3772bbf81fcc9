import { Button, Group, Paper, Stepper, Text } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { TICKET_STATUSES, type TicketStatus } from '../../../shared/api';
import { formatDateTime } from '../../lib/format';
import type { TicketView, TicketStep } from './ticketApi';
import { useUpdateTicket } from './useTicket';
import classes from './TicketProgress.module.css';

/** When each step was reached and by whom: the server's record, or what the timestamps tell. */
function reachedSteps(t: TicketView): Partial<Record<TicketStatus, TicketStep>> {
  const out: Partial<Record<TicketStatus, TicketStep>> = {};
  out.received = { status: 'received', at: t.createdAt, actorName: null };
  if (t.firstResponseAt) out.responded = { status: 'responded', at: t.firstResponseAt, actorName: null };
  if (t.resolvedAt) out.resolved = { status: 'resolved', at: t.resolvedAt, actorName: null };
  if (t.closedAt) out.closed = { status: 'closed', at: t.closedAt, actorName: null };
  // The latest record of a step wins (a reopened ticket walks the steps again).
  for (const s of t.steps) out[s.status] = s;
  return out;
}

/** The 5-step process as a stepper; a later step can be clicked to move the ticket forward. */
export function TicketProgress({ ticket }: { ticket: TicketView }) {
  const { t } = useTranslation(['ticket', 'common']);
  const update = useUpdateTicket(ticket.id);
  const current = TICKET_STATUSES.indexOf(ticket.status);
  const steps = reachedSteps(ticket);
  const next = TICKET_STATUSES[current + 1];
  const move = (i: number) => {
    if (i > current && !update.isPending) update.mutate({ status: TICKET_STATUSES[i] });
  };
  return (
    <Paper p="lg" radius="md">
      <Group justify="space-between" mb="md">
        <Text fw={600}>{t('progress.title')}</Text>
        {next && (
          <Button
            size="xs"
            variant="light"
            rightSection={<IconArrowRight size={14} />}
            onClick={() => move(current + 1)}
            loading={update.isPending}
            data-testid="next-step"
          >
            {t('progress.moveTo', { step: t(`progress.steps.${next}`) })}
          </Button>
        )}
      </Group>
      <Stepper
        active={current + 1}
        onStepClick={move}
        allowNextStepsSelect={!ticket.mergedIntoId}
        size="sm"
        iconSize={32}
        wrap={false}
        classNames={{ steps: classes.steps, step: classes.step, stepBody: classes.stepBody, stepLabel: classes.stepLabel, stepDescription: classes.stepDescription, separator: classes.separator }}
        data-testid="ticket-progress"
      >
        {TICKET_STATUSES.map((s, i) => {
          const reached = i <= current ? steps[s] : undefined;
          return (
            <Stepper.Step
              key={s}
              label={t(`progress.steps.${s}`)}
              description={
                reached ? (
                  <Text size="xs" c="dimmed" component="span">
                    {reached.actorName && (
                      <>
                        {reached.actorName}
                        <br />
                      </>
                    )}
                    {formatDateTime(reached.at)}
                  </Text>
                ) : i <= current ? (
                  <Text size="xs" c="dimmed" component="span">
                    {t('progress.done')}
                  </Text>
                ) : undefined
              }
            />
          );
        })}
      </Stepper>
    </Paper>
  );
}
