import { Box, Button, Group, Paper, Stepper, Text, ThemeIcon } from '@mantine/core';
import { IconArrowRight, IconStarFilled } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { TICKET_STATUSES, type TicketStatus } from '../../../shared/common';
import { formatDateTime } from '../../lib/format';
import type { TicketDetail } from './ticketApi';
import { useUpdateTicket } from './useTicket';
import classes from './TicketProgress.module.css';

/** When and by whom a step was reached, as the stepper shows it. */
interface ReachedStep {
  at: string;
  actorName: string | null;
}

/**
 * When each step was reached and by whom: the server's record from the ticket's events; a step it
 * counts as reached without an event (skipped: received → resolved) shows what the timestamps tell.
 */
function reachedSteps(t: TicketDetail): Partial<Record<TicketStatus, ReachedStep>> {
  const out: Partial<Record<TicketStatus, ReachedStep>> = {};
  out.received = { at: t.createdAt, actorName: null };
  if (t.firstResponseAt) out.responded = { at: t.firstResponseAt, actorName: null };
  if (t.resolvedAt) out.resolved = { at: t.resolvedAt, actorName: null };
  if (t.closedAt) out.closed = { at: t.closedAt, actorName: null };
  for (const s of t.progress) if (s.step !== 'rated' && s.reached && s.at) out[s.step] = { at: s.at, actorName: s.by?.name ?? null };
  return out;
}

/** The 5-step process as a stepper; a later step can be clicked to move the ticket forward. */
export function TicketProgress({ ticket }: { ticket: TicketDetail }) {
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
      {/* On a phone the seven steps are wider than the screen: they scroll sideways instead of overlapping. */}
      <Box style={{ overflowX: 'auto' }}>
      <Group align="flex-start" wrap="nowrap" gap={0} style={{ minWidth: 'max-content' }}>
      <Stepper
        style={{ flex: 1 }}
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
      <RatedStep ticket={ticket} />
      </Group>
      </Box>
    </Paper>
  );
}

/**
 * The last step, "Đánh giá": reached when the customer answered a survey about the ticket (the server
 * lists it in the progress then). Not a status, so it sits after the stepper instead of in it.
 */
function RatedStep({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation('ticket');
  const rated = ticket.progress.find((s) => s.step === 'rated' && s.reached && s.at);
  const waiting = !rated && (ticket.status === 'resolved' || ticket.status === 'closed');
  return (
    <Group align="flex-start" wrap="nowrap" gap={0} data-testid="ticket-rated" data-reached={rated ? 'true' : 'false'}>
      <Box className={classes.separator} mt={15} mx={4} w={24} h={2} bg={rated ? 'brand.6' : 'gray.3'} />
      <div className={classes.step} style={{ display: 'flex' }}>
        <ThemeIcon size={32} radius="xl" variant={rated ? 'filled' : 'light'} color={rated ? 'yellow.6' : 'gray'}>
          <IconStarFilled size={15} />
        </ThemeIcon>
        <div className={classes.stepBody} style={{ display: 'flex', flexDirection: 'column' }}>
          <Text className={classes.stepLabel}>{t('progress.ratedStep')}</Text>
          {rated ? (
            <Text size="xs" c="dimmed" className={classes.stepDescription}>
              {t('progress.rated')}
              <br />
              {rated.at && formatDateTime(rated.at)}
            </Text>
          ) : waiting ? (
            <Text size="xs" c="dimmed" className={classes.stepDescription}>
              {t('progress.notRated')}
            </Text>
          ) : null}
        </div>
      </div>
    </Group>
  );
}
