import { Anchor, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { NOTICE_DISPLAY_STATES, NOTICE_STATUSES, type Notice, type NoticeDisplayState, type NoticeStatus } from '../../../shared/notices';
import { formatDateTime } from '../../lib/format';
import { NoticeStateBadge } from './NoticeStateBadge';
import { useNotices } from './noticesApi';

/** Why a notice did not go (or where it failed), with the channels tried, in words. */
function useWhy() {
  const { t } = useTranslation(['notices', 'common']);
  return (n: Notice): string | null => {
    if (n.display === 'scheduled') return t('dueAt', { time: formatDateTime(n.dueAt) });
    const parts: string[] = [];
    if (n.state === 'skipped' && n.reason) parts.push(t(`reason.${n.reason}`, { defaultValue: n.reason }));
    if (n.display === 'failed' && n.reason) parts.push(n.reason);
    const tried = n.attempts.map((a) => `${t(`common:channel.${a.channel}`, { defaultValue: a.channel })}: ${t(`attempt.${a.reason}`, { defaultValue: a.reason })}`);
    if (tried.length && (n.state === 'skipped' || n.state === 'sent')) parts.push(tried.join('; '));
    return parts.length ? parts.join(' — ') : null;
  };
}

/** The recent notices with filters: a table on wide screens, cards on a phone. */
export function NoticeLog() {
  const { t } = useTranslation(['notices', 'common']);
  const [display, setDisplay] = useState<NoticeDisplayState | null>(null);
  const [status, setStatus] = useState<NoticeStatus | null>(null);
  const [code, setCode] = useState('');
  const [orderCode] = useDebouncedValue(code.trim(), 300);
  const [limit, setLimit] = useState(30);
  const list = useNotices({ ...(display ? { display } : {}), ...(status ? { status } : {}), ...(orderCode ? { orderCode } : {}) }, limit);
  const why = useWhy();
  const items = list.data?.items ?? [];
  const channel = (c: string | null) => (c ? t(`common:channel.${c}`, { defaultValue: c }) : '—');

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('filterState')}
          placeholder={t('all')}
          clearable
          value={display}
          onChange={(v) => setDisplay(v as NoticeDisplayState | null)}
          data={NOTICE_DISPLAY_STATES.map((s) => ({ value: s, label: t(`display.${s}`) }))}
          w={{ base: '100%', xs: 170 }}
        />
        <Select
          label={t('filterStatus')}
          placeholder={t('all')}
          clearable
          value={status}
          onChange={(v) => setStatus(v as NoticeStatus | null)}
          data={NOTICE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          w={{ base: '100%', xs: 170 }}
        />
        <TextInput label={t('filterOrder')} value={code} onChange={(e) => setCode(e.currentTarget.value)} w={{ base: '100%', xs: 170 }} />
      </Group>

      {items.length === 0 && !list.isLoading && (
        <Text size="sm" c="dimmed">
          {t('logEmpty')}
        </Text>
      )}

      {items.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={760} visibleFrom="sm">
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('col.time')}</Table.Th>
                  <Table.Th>{t('col.order')}</Table.Th>
                  <Table.Th>{t('col.customer')}</Table.Th>
                  <Table.Th>{t('col.status')}</Table.Th>
                  <Table.Th>{t('col.channel')}</Table.Th>
                  <Table.Th>{t('col.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((n) => (
                  <Table.Tr key={n.id}>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(n.sentAt ?? n.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {n.orderCode}
                      </Text>
                      {n.ticketId && (
                        <Anchor component={Link} to={`/tickets/${n.ticketId}`} size="xs">
                          {t('ticket', { number: n.ticketNumber })}
                        </Anchor>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {n.customerId ? (
                        <Anchor component={Link} to={`/customers/${n.customerId}`} size="sm">
                          {n.customerName || '—'}
                        </Anchor>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('noCustomer')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`status.${n.status}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{channel(n.channel)}</Text>
                    </Table.Td>
                    <Table.Td maw={280}>
                      <NoticeStateBadge state={n.display} />
                      {why(n) && (
                        <Text size="xs" c="dimmed" mt={2}>
                          {why(n)}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>

          <Stack gap="xs" hiddenFrom="sm">
            {items.map((n) => (
              <Card key={n.id} withBorder padding="sm" radius="md">
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={600}>
                    {n.orderCode} · {t(`status.${n.status}`)}
                  </Text>
                  <NoticeStateBadge state={n.display} />
                </Group>
                <Text size="xs" c="dimmed" mt={4}>
                  {formatDateTime(n.sentAt ?? n.createdAt)} · {channel(n.channel)}
                </Text>
                {n.customerId ? (
                  <Anchor component={Link} to={`/customers/${n.customerId}`} size="sm">
                    {n.customerName || '—'}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('noCustomer')}
                  </Text>
                )}
                {why(n) && (
                  <Text size="xs" c="dimmed" mt={4}>
                    {why(n)}
                  </Text>
                )}
              </Card>
            ))}
          </Stack>
        </>
      )}
      {list.data?.nextCursor && (
        <Button variant="subtle" onClick={() => setLimit((l) => Math.min(200, l + 30))} style={{ alignSelf: 'flex-start' }}>
          {t('more')}
        </Button>
      )}
    </Stack>
  );
}
