import { Anchor, Badge, Button, Divider, Group, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconMail, IconPhone } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Customer360 } from '../../../shared/customers';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';
import { useRealtime } from '../../lib/realtime';
import { formatDate, formatPhone } from '../../lib/format';
import { CustomerAvatar } from '../../components/CustomerAvatar';
import { StatusBadge } from '../../components/TicketBadges';
import { CustomerTimelineMini } from './CustomerTimelineMini';
import { IdentityClaims } from '../customers/IdentityClaims';
import { tagLabel } from '../../components/TagList';

/** The customer's 360 summary next to the conversation, so the agent opens with context. */
export function CustomerPanel({ customerId, currentTicketId }: { customerId: string; currentTicketId: string }) {
  const { t } = useTranslation(['ticket', 'common']);
  useRealtime([`customer:${customerId}`]);
  const c360 = useQuery({
    queryKey: qk.customer360(customerId),
    queryFn: () => api<Customer360>(`/customers/${customerId}/360`),
    enabled: !!customerId,
  });

  if (c360.isPending) return <Skeleton h={320} radius="md" />;
  if (c360.isError)
    return (
      <Paper p="lg" radius="md">
        <Text size="sm" c="dimmed">
          {t('customer.unavailable')}
        </Text>
      </Paper>
    );
  const { customer, identities, stats, tickets, timeline } = c360.data;
  const phones = identities.filter((i) => i.kind === 'phone').map((i) => i.value);
  const emails = identities.filter((i) => i.kind === 'email').map((i) => i.value);
  if (customer.phone && !phones.includes(customer.phone)) phones.unshift(customer.phone);
  if (customer.email && !emails.includes(customer.email)) emails.unshift(customer.email);
  const others = tickets.filter((tk) => tk.id !== currentTicketId).slice(0, 5);
  const tags = c360.data.tags?.length ? c360.data.tags : customer.tags;

  return (
    <Paper p="lg" radius="md" data-testid="customer-panel">
      <Group wrap="nowrap" mb="sm">
        <CustomerAvatar name={customer.name} size={44} />
        <div style={{ minWidth: 0 }}>
          <Text fw={700} truncate>
            {customer.name || t('common:customer.unnamed')}
          </Text>
          <Group gap={6}>
            <Badge size="sm" variant="light">
              {t(`common:stages.${customer.lifecycleStage}`)}
            </Badge>
            {customer.segment && (
              <Badge size="sm" variant="outline" color="gray">
                {customer.segment}
              </Badge>
            )}
          </Group>
        </div>
      </Group>
      <Stack gap={4}>
        {phones.map((p) => (
          <Group key={p} gap={6} c="dimmed">
            <IconPhone size={14} />
            <Text size="sm" c="var(--mantine-color-text)">
              {formatPhone(p)}
            </Text>
          </Group>
        ))}
        {emails.map((e) => (
          <Group key={e} gap={6} c="dimmed" wrap="nowrap">
            <IconMail size={14} />
            <Text size="sm" c="var(--mantine-color-text)" truncate>
              {e}
            </Text>
          </Group>
        ))}
      </Stack>
      <IdentityClaims customerId={customer.id} />
      {tags.length > 0 && (
        <Group gap={4} mt="sm">
          {tags.map((tag) => (
            <Badge key={tag} size="sm" variant="dot" color="gray" style={{ textTransform: 'none' }} title={tag}>
              {tagLabel(tag)}
            </Badge>
          ))}
        </Group>
      )}
      <SimpleGrid cols={3} spacing="xs" mt="md">
        <Stat label={t('customer.openTickets')} value={stats.openTickets} />
        <Stat label={t('customer.totalTickets')} value={stats.totalTickets} />
        <Stat label={t('customer.since')} value={formatDate(stats.firstSeenAt)} />
      </SimpleGrid>

      <Divider my="md" label={t('customer.otherTickets')} labelPosition="left" />
      {others.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('customer.noOtherTickets')}
        </Text>
      ) : (
        <Stack gap={6}>
          {others.map((tk) => (
            <Group key={tk.id} justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/tickets/${tk.id}`} size="sm" truncate="end" style={{ minWidth: 0, flex: 1 }}>
                #{tk.number} {tk.subject}
              </Anchor>
              <StatusBadge status={tk.status} />
            </Group>
          ))}
        </Stack>
      )}

      <Divider my="md" label={t('customer.recent')} labelPosition="left" />
      <CustomerTimelineMini items={timeline.items.slice(0, 5)} />

      <Button component={Link} to={`/customers/${customer.id}`} variant="light" fullWidth mt="md" rightSection={<IconArrowRight size={16} />}>
        {t('customer.openProfile')}
      </Button>
    </Paper>
  );
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <div>
      <Text size="md" fw={700} lh={1.3}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </div>
  );
}
