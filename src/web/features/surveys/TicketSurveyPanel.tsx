import { Alert, Anchor, Badge, Button, Group, Menu, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconCircleCheck, IconClockPause, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { notifyError } from '../customers/lib/apiErrors';
import { ScoreDisplay } from './ScoreDisplay';
import { useSendSurvey, useTicketSurvey, type SendOutcome } from './surveysApi';

const OUTCOME = {
  sent: { color: 'teal', icon: IconCircleCheck },
  throttled: { color: 'yellow', icon: IconClockPause },
  no_channel: { color: 'orange', icon: IconAlertTriangle },
} as const;

/**
 * "Đánh giá" on the ticket page: whether a survey went out about this ticket, the customer's answer
 * (score, comment, time, the follow-up a low score opened) and a way to ask now.
 */
export function TicketSurveyPanel({ ticketId, customerId }: { ticketId: string; customerId: string }) {
  const { t } = useTranslation('surveys');
  const survey = useTicketSurvey(ticketId);
  const send = useSendSurvey(ticketId);
  const [outcome, setOutcome] = useState<SendOutcome['status'] | null>(null);

  const ask = (type: 'csat' | 'nps' | 'ces') =>
    send.mutate({ customerId, ticketId, type }, { onSuccess: (r) => setOutcome(r.status), onError: notifyError });

  const answer = survey.data?.answer ?? null;
  const requests = survey.data?.requests ?? [];
  const last = requests[requests.length - 1];
  // A missing endpoint (older server) reads as "nothing yet" rather than an error box on the ticket.
  const failed = survey.isError && !(survey.error instanceof ApiError && survey.error.status === 404);

  return (
    <Paper p="lg" radius="md" data-testid="ticket-survey">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Text fw={700}>{t('ticket.title')}</Text>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button size="xs" variant="light" leftSection={<IconSend size={14} />} rightSection={<IconChevronDown size={14} />} loading={send.isPending} data-testid="send-survey">
              {t('ticket.send')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(['csat', 'nps', 'ces'] as const).map((type) => (
              <Menu.Item key={type} onClick={() => ask(type)} data-testid={`send-survey-${type}`}>
                {t(`types.${type}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {survey.isPending ? (
        <Skeleton h={48} />
      ) : failed ? (
        <Text size="sm" c="dimmed">
          {t('ticket.unavailable')}
        </Text>
      ) : answer ? (
        <Stack gap={6} data-testid="ticket-survey-answer">
          <Group gap="xs" wrap="wrap">
            <Badge variant="light" size="sm">
              {t(`types.${answer.type}`)}
            </Badge>
            <ScoreDisplay type={answer.type} score={answer.score} />
          </Group>
          {answer.comment && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', borderLeft: '3px solid var(--mantine-color-gray-3)', paddingLeft: 8 }} data-testid="ticket-survey-comment">
              {answer.comment}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {t('ticket.answeredAt', { at: formatDateTime(answer.answeredAt) })}
            {answer.agent && ` · ${t('ticket.agent', { name: answer.agent.name })}`}
          </Text>
          {answer.followupTicketId && (
            <Anchor component={Link} to={`/tickets/${answer.followupTicketId}`} size="sm" c="red" data-testid="ticket-survey-followup">
              {t('ticket.followup')}
            </Anchor>
          )}
        </Stack>
      ) : last ? (
        <Text size="sm" data-testid="ticket-survey-status">
          {t(`ticket.status.${['sent', 'expired', 'pending', 'failed'].includes(last.status) ? last.status : 'other'}`, {
            type: t(`types.${last.type}`),
            at: formatDateTime(last.sentAt ?? last.createdAt ?? null),
          })}
        </Text>
      ) : (
        <Text size="sm" c="dimmed" data-testid="ticket-survey-status">
          {t('ticket.none')}
        </Text>
      )}
      {outcome && (
        <Alert
          mt="sm"
          py="xs"
          variant="light"
          color={OUTCOME[outcome].color}
          icon={(() => {
            const Icon = OUTCOME[outcome].icon;
            return <Icon size={16} />;
          })()}
          withCloseButton
          onClose={() => setOutcome(null)}
          data-testid="send-outcome"
          data-outcome={outcome}
        >
          {t(`ticket.outcome.${outcome}`)}
        </Alert>
      )}
    </Paper>
  );
}
