import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDate } from '../../lib/format';
import { ScoreDisplay } from './ScoreDisplay';
import { useCustomerAnswers } from './surveysApi';

const SHOWN = 5;

/** "Khảo sát" on the customer 360: the latest answers (type, score, comment, date). */
export function CustomerSurveysCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation('surveys');
  const answers = useCustomerAnswers(customerId);
  const list = (answers.data ?? []).slice(0, SHOWN);
  return (
    <Paper p="lg" radius="md" data-testid="customer-surveys">
      <Text fw={700} mb="sm">
        {t('customer.title')}
      </Text>
      {answers.isPending ? (
        <Skeleton h={60} />
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {answers.isError ? t('customer.unavailable') : t('customer.none')}
        </Text>
      ) : (
        <Stack gap="sm">
          {list.map((a) => (
            <Stack key={a.id} gap={2} data-testid="customer-survey-answer">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Group gap="xs" wrap="nowrap">
                  <Badge variant="light" size="sm">
                    {t(`types.${a.type}`)}
                  </Badge>
                  <ScoreDisplay type={a.type} score={a.score} size="xs" />
                </Group>
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  {formatDate(a.answeredAt)}
                </Text>
              </Group>
              {a.comment && (
                <Text size="sm" lineClamp={3}>
                  {a.comment}
                </Text>
              )}
              {a.ticketId && (
                <Anchor component={Link} to={`/tickets/${a.ticketId}`} size="xs">
                  {t('customer.openTicket')}
                </Anchor>
              )}
            </Stack>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
