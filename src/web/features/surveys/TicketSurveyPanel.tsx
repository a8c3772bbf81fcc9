import { ActionIcon, Alert, Anchor, Badge, Button, CopyButton, Group, Menu, Paper, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconChevronDown, IconCircleCheck, IconClockPause, IconCopy, IconInfoCircle, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { notifySurveyError as notifyError } from './surveyErrors';
import { ScoreDisplay } from './ScoreDisplay';
import { useSendSurvey, useTicketSurvey, type SendOutcome } from './surveysApi';

const OUTCOME = {
  sent: { color: 'teal', icon: IconCircleCheck },
  throttled: { color: 'yellow', icon: IconClockPause },
  no_channel: { color: 'orange', icon: IconAlertTriangle },
  skipped: { color: 'gray', icon: IconInfoCircle },
} as const;
const SKIP_REASONS = ['merged', 'spam', 'duplicate', 'template_disabled', 'template_missing'];

/**
 * "Đánh giá" on the ticket page: whether a survey went out about this ticket, the customer's answer
 * (score, comment, time, the follow-up a low score opened) and a way to ask now.
 */
export function TicketSurveyPanel({ ticketId, customerId }: { ticketId: string; customerId: string }) {
  const { t } = useTranslation('surveys');
  const survey = useTicketSurvey(ticketId);
  const send = useSendSurvey(ticketId);
  const [outcome, setOutcome] = useState<SendOutcome | null>(null);

  const ask = (type: 'csat' | 'nps' | 'ces') =>
    send.mutate({ customerId, ticketId, type }, { onSuccess: setOutcome, onError: notifyError });

  const answer = survey.data?.answer ?? null;
  const requests = survey.data?.requests ?? [];
  // Newest first, as the server lists them.
  const last = requests[0];
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
          {t(`ticket.status.${['sent', 'expired', 'failed'].includes(last.status) ? last.status : 'other'}`, {
            type: t(`types.${last.type}`),
            at: formatDateTime(last.sentAt),
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
          color={OUTCOME[outcome.status].color}
          icon={(() => {
            const Icon = OUTCOME[outcome.status].icon;
            return <Icon size={16} />;
          })()}
          withCloseButton
          onClose={() => setOutcome(null)}
          data-testid="send-outcome"
          data-outcome={outcome.status}
        >
          {outcome.status === 'skipped'
            ? t(`ticket.skipped.${SKIP_REASONS.includes(outcome.reason ?? '') ? outcome.reason : 'other'}`)
            : t(`ticket.outcome.${outcome.status}`)}
          {outcome.status === 'no_channel' && outcome.url && (
            <Group gap={4} mt={6} wrap="nowrap">
              <Text size="xs" ff="monospace" truncate style={{ minWidth: 0 }} data-testid="survey-link">
                {outcome.url}
              </Text>
              <CopyButton value={outcome.url}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('ticket.copied') : t('ticket.copyLink')}>
                    <ActionIcon size="sm" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('ticket.copyLink')}>
                      {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
          )}
        </Alert>
      )}
    </Paper>
  );
}
