import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Customer360 } from '../../../../shared/customers';
import { ChannelIcon } from '../../../components/ChannelIcon';
import { StatusBadge } from '../../../components/TicketBadges';
import { formatDate, formatDateTime } from '../../../lib/format';

const DONE = new Set(['resolved', 'closed']);
type Ticket = Customer360['tickets'][number];

function TicketLine({ tk }: { tk: Ticket }) {
  const { t } = useTranslation('customers');
  return (
    <Group gap="xs" wrap="nowrap" py={4}>
      <ChannelIcon channel={tk.channel} size={22} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <Anchor component={Link} to={`/tickets/${tk.id}`} size="sm" fw={500} c="inherit" lineClamp={1}>
          #{tk.number} {tk.subject || t('tickets.noSubject')}
        </Anchor>
        <Text size="xs" c="dimmed" title={formatDateTime(tk.updatedAt)}>
          {formatDate(tk.updatedAt)}
        </Text>
      </div>
      <StatusBadge status={tk.status} />
    </Group>
  );
}

/** Open tickets first, then past ones, each linking to its ticket page. */
export function CustomerTicketsCard({ tickets }: { tickets: Customer360['tickets'] }) {
  const { t } = useTranslation('customers');
  const sorted = [...tickets].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  const open = sorted.filter((x) => !DONE.has(x.status));
  const past = sorted.filter((x) => DONE.has(x.status));
  return (
    <Paper p="md" radius="md">
      <Stack gap="xs">
        <Title order={5}>{t('tickets.title')}</Title>
        {tickets.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('tickets.none')}
          </Text>
        ) : (
          <>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('tickets.open')} · {open.length}
            </Text>
            {open.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('tickets.noOpen')}
              </Text>
            ) : (
              open.map((tk) => <TicketLine key={tk.id} tk={tk} />)
            )}
            {past.length > 0 && (
              <>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="xs">
                  {t('tickets.past')} · {past.length}
                </Text>
                {past.map((tk) => (
                  <TicketLine key={tk.id} tk={tk} />
                ))}
              </>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
