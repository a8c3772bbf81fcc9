import { Anchor, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconClockHour4, IconInbox, IconUserQuestion, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { LiveView } from '../../../shared/metrics';
import { ChannelIcon } from '../../components/ChannelIcon';
import { PageError } from '../../components/PageError';
import { formatTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useLiveView } from './dashboardsApi';
import { formatDuration, formatNumber } from './metricFormat';
import { useLiveRefresh } from './useLiveRefresh';
import { useNow } from './useNow';

/** /reports/live: what is happening now; refreshed by inbox events and every 30 s, waits counted each second. */
export function LivePage() {
  useLiveRefresh();
  const live = useLiveView();
  if (live.isError) return <PageError error={live.error} />;
  if (!live.data) return <Skeleton h={320} radius="md" />;
  return <LiveBoard data={live.data} />;
}

function Stat({ icon, label, value, testId, color }: { icon: ReactNode; label: string; value: string; testId: string; color?: string }) {
  return (
    <Paper p="md" radius="md" withBorder>
      <Group gap="sm" wrap="nowrap">
        <Text c={color ?? 'blue.6'} style={{ display: 'flex' }}>
          {icon}
        </Text>
        <div>
          <Text size="sm" c="dimmed">
            {label}
          </Text>
          <Text fz={26} fw={700} lh={1.1} data-testid={testId}>
            {value}
          </Text>
        </div>
      </Group>
    </Paper>
  );
}

function LiveBoard({ data }: { data: LiveView }) {
  const { t } = useTranslation('dashboards');
  const { t: tc } = useTranslation();
  const lang = currentLanguage();
  const now = useNow(1000);
  const waiting = [...data.waiting].sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
  const longest = waiting[0] ? (now - Date.parse(waiting[0].waitingSince)) / 1000 : null;
  const online = data.agents.filter((a) => a.online).length;
  const agents = [...data.agents].sort((a, b) => Number(b.online) - Number(a.online) || b.openAssigned - a.openAssigned || a.name.localeCompare(b.name, 'vi'));

  return (
    <Stack gap="md" data-testid="live-view">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('live.updated', { time: formatTime(data.updatedAt) })}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <Stat icon={<IconInbox size={28} />} label={t('live.open')} value={formatNumber(data.openTickets, lang)} testId="live-open" />
        <Stat
          icon={<IconUserQuestion size={28} />}
          label={t('live.unassigned')}
          value={formatNumber(data.unassigned, lang)}
          testId="live-unassigned"
          color={data.unassigned > 0 ? 'orange.6' : undefined}
        />
        <Stat
          icon={<IconClockHour4 size={28} />}
          label={t('live.longestWait')}
          value={longest == null ? '—' : formatDuration(longest, lang)}
          testId="live-longest"
          color={longest != null && longest > 15 * 60 ? 'red.6' : undefined}
        />
        <Stat icon={<IconUsers size={28} />} label={t('live.online')} value={`${formatNumber(online, lang)} / ${formatNumber(data.agents.length, lang)}`} testId="live-online" color="teal.6" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <Paper p="md" radius="md" withBorder>
          <Title order={5} mb="xs">
            {t('live.waitingTitle', { count: waiting.length })}
          </Title>
          {waiting.length === 0 ? (
            <Text c="dimmed" size="sm" py="md" ta="center">
              {t('live.nobodyWaiting')}
            </Text>
          ) : (
            <Table verticalSpacing={6} data-testid="live-waiting">
              <Table.Tbody>
                {waiting.map((w) => {
                  const secs = (now - Date.parse(w.waitingSince)) / 1000;
                  return (
                    <Table.Tr key={w.ticketId}>
                      <Table.Td w={28}>
                        <ChannelIcon channel={w.channel} size={18} />
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/tickets/${w.ticketId}`} size="sm" fw={500}>
                          {w.customerName}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          #{w.number} · {tc(`channel.${w.channel}`, { defaultValue: w.channel })}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Badge
                          variant="light"
                          color={secs > 15 * 60 ? 'red' : secs > 5 * 60 ? 'orange' : 'gray'}
                          data-testid="waiting-for"
                          style={{ textTransform: 'none' }}
                        >
                          {t('live.waitingFor', { duration: formatDuration(secs, lang) })}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Paper p="md" radius="md" withBorder>
          <Title order={5} mb="xs">
            {t('live.agentsTitle')}
          </Title>
          {agents.length === 0 ? (
            <Text c="dimmed" size="sm" py="md" ta="center">
              {t('noData')}
            </Text>
          ) : (
            <Table verticalSpacing={6} data-testid="live-agents">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('live.agent')}</Table.Th>
                  <Table.Th ta="right">{t('live.assigned')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {agents.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Group gap={8} wrap="nowrap">
                        <span
                          aria-label={t(a.online ? 'live.isOnline' : 'live.isOffline')}
                          style={{ width: 8, height: 8, borderRadius: 4, flex: 'none', background: a.online ? 'var(--mantine-color-green-6)' : 'var(--mantine-color-gray-4)' }}
                        />
                        <Text size="sm" c={a.online ? undefined : 'dimmed'}>
                          {a.name}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {formatNumber(a.openAssigned, lang)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
