import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MessageDetails } from '../../../shared/tickets';

/** True when a message carries an email header worth showing. */
export const hasEmailHeader = (d: MessageDetails) => !!(d.from || d.to?.length || d.cc?.length || d.subject);

function Line({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Text size="xs" c="dimmed" lineClamp={2} data-testid={testId}>
      <Text span size="xs" fw={600} c="dimmed">
        {label}:
      </Text>{' '}
      {value}
    </Text>
  );
}

/** From / to / cc / subject of an email, compact above its body. */
export function EmailHeader({ details: d }: { details: MessageDetails }) {
  const { t } = useTranslation('ticket');
  return (
    <Stack gap={0} mb={6} pb={6} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }} data-testid="email-header">
      {d.from && <Line label={t('email.from')} value={d.from} testId="email-from" />}
      {!!d.to?.length && <Line label={t('email.to')} value={d.to.join(', ')} testId="email-to" />}
      {!!d.cc?.length && <Line label={t('email.cc')} value={d.cc.join(', ')} testId="email-cc" />}
      {d.subject && <Line label={t('email.subject')} value={d.subject} testId="email-subject" />}
    </Stack>
  );
}

/** "Auto-reply" / "bounce" on mail a machine wrote; such mail never opens a ticket or gets an answer. */
export function AutoLabel({ kind }: { kind: string }) {
  const { t } = useTranslation('ticket');
  const bounce = /bounce|dsn|delivery/i.test(kind);
  return (
    <Badge size="xs" tt="none" variant="light" color={bounce ? 'red' : 'gray'} data-testid="auto-label" data-auto={kind}>
      {t(bounce ? 'email.bounce' : 'email.autoReply')}
    </Badge>
  );
}
