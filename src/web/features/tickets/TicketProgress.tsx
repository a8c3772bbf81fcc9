import { Anchor, Badge, Group, Paper, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconStarFilled } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ticketSteps, type StepMissing, type StepState } from '../../../shared/ticket-steps';
import { formatDateTime } from '../../lib/format';
import type { TicketDetail } from './ticketApi';
import classes from './TicketProgress.module.css';

/** Where the agent fixes what a step misses: the field to focus (the bar's hint is a link to it). */
const FIX_TARGET: Partial<Record<StepMissing, string>> = {
  customer_unidentified: 'customer-panel',
  no_category: 'control-category',
  no_team: 'control-team',
  no_reply: 'reply-input',
};

const STATUS_COLOR = { open: 'blue', resolved: 'teal', closed: 'gray' } as const;

function goTo(testId: string) {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (!el) return;
  el.scrollIntoView({ behavior: 'smooth', block: 'center' });
  if (el.matches('input, textarea')) el.focus({ preventScroll: true });
}

/**
 * The five steps of PRODUCT §2, each done only when its condition holds (ticketSteps, shared and
 * unit-tested), with the status (open / resolved / closed) shown apart and what is missing to move
 * on. A row of five on wide screens, a list on phones (TicketProgress.module.css): never wider than the screen.
 */
export function TicketProgress({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation('steps');
  const { steps, next, doneCount, status } = ticketSteps(ticket);
  return (
    <Paper p="md" radius="md" data-testid="ticket-progress" data-done={doneCount}>
      <Group justify="space-between" gap="xs" mb="sm">
        <Group gap="xs">
          <Text fw={600}>{t('title')}</Text>
          <Badge variant="light" color={doneCount === 5 ? 'teal' : 'gray'} data-testid="process-count">
            {t('count', { done: doneCount })}
          </Badge>
        </Group>
        <Badge variant="dot" color={STATUS_COLOR[status]} data-testid="process-status" data-status={status}>
          {t(`status.${status}`)}
        </Badge>
      </Group>
      <ol className={classes.steps}>
        {steps.map((s, i) => (
          <Step key={s.step} s={s} index={i} />
        ))}
      </ol>
      <NextHint next={next} />
    </Paper>
  );
}

function Step({ s, index }: { s: StepState; index: number }) {
  const { t } = useTranslation('steps');
  return (
    <li className={classes.step} data-testid="process-step" data-step={s.step} data-done={s.done} data-reached={s.done ? 'true' : 'false'}>
      <ThemeIcon size={30} radius="xl" variant={s.done ? 'filled' : 'light'} color={s.done ? (s.step === 'rated' ? 'yellow.6' : 'brand') : 'gray'} className={classes.icon}>
        {s.done ? s.step === 'rated' ? <IconStarFilled size={14} /> : <IconCheck size={16} /> : <Text size="sm" fw={600}>{index + 1}</Text>}
      </ThemeIcon>
      <div className={classes.body}>
        <Text size="sm" fw={600} className={classes.label}>
          {t(`names.${s.step}`)}
        </Text>
        <Text size="xs" c="dimmed" className={classes.description}>
          {s.done ? (
            <>
              {(s.by || s.byKind === 'ai') && (
                <span className={classes.by}>{s.byKind === 'automation' ? t('byAutomation', { name: s.by }) : s.byKind === 'ai' ? t('byAi') : s.by}</span>
              )}
              {s.at && <span>{formatDateTime(s.at)}</span>}
            </>
          ) : (
            t(`missing.${s.missing[0]}`)
          )}
        </Text>
      </div>
    </li>
  );
}

/** "Chưa chuyển bộ phận — chọn Bộ phận ở bên phải": what keeps the first open step from being done. */
function NextHint({ next }: { next: StepState | null }) {
  const { t } = useTranslation('steps');
  if (!next) {
    return (
      <Text size="sm" c="teal.8" mt="sm" data-testid="process-next" data-step="">
        {t('allDone')}
      </Text>
    );
  }
  return (
    <div className={classes.next} data-testid="process-next" data-step={next.step}>
      <Text size="sm" fw={600} span>
        {t('next', { step: t(`names.${next.step}`) })}
      </Text>
      {next.missing.map((m) => {
        const target = FIX_TARGET[m];
        return (
          <Text size="sm" key={m} className={classes.missing}>
            {t(`missing.${m}`)} —{' '}
            {target ? (
              <Anchor component="button" type="button" size="sm" onClick={() => goTo(target)} data-testid={`process-fix-${m}`}>
                {t(`todo.${m}`)}
              </Anchor>
            ) : (
              <Text span size="sm" c="dimmed">
                {t(`todo.${m}`)}
              </Text>
            )}
          </Text>
        );
      })}
    </div>
  );
}
