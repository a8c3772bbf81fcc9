import { Button, Group, Paper, Select, Skeleton, Stack, Text } from '@mantine/core';
import { IconLink, IconLinkOff, IconPackage, IconBulb } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Order } from '../../../shared/orders';
import type { TicketDetail } from '../../../shared/tickets';
import { api } from '../../lib/api';
import { notifyError, notifySuccess } from '../../lib/apiErrors';
import { formatDate, formatMoney } from '../../lib/format';
import { useCustomerOrders, useLinkTicketOrder } from '../journey/journeyApi';
import { OrderSummary } from '../journey/orders/OrderSummary';

/** The linked order: from the customer's recent orders when it is among them, else GET /api/orders/:id. */
function useLinkedOrder(orderId: string | null, recent: Order[] | undefined) {
  const inList = orderId ? recent?.find((o) => o.id === orderId) : undefined;
  const fetched = useQuery({
    queryKey: ['order', orderId],
    queryFn: ({ signal }) => api<{ order: Order }>(`/orders/${orderId}`, { signal }).then((r) => r.order),
    enabled: !!orderId && !!recent && !inList,
  });
  return inList ?? fetched.data ?? null;
}

/**
 * The ticket panel's order: which order the ticket is about (the agent picks it from the customer's
 * orders, or unlinks it) and, until one is linked, the customer's latest order with an opener line.
 */
export function TicketOrderCard({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation('journey');
  const orders = useCustomerOrders(ticket.customer.id);
  const link = useLinkTicketOrder(ticket.id);
  const [picking, setPicking] = useState(false);
  const linked = useLinkedOrder(ticket.orderId, orders.data?.orders);
  if (orders.isPending) return <Skeleton h={120} radius="md" />;
  if (orders.isError) return null;
  const list = orders.data.orders;
  const latest = orders.data.latestOrder;
  const readOnly = !!ticket.mergedIntoId;

  const choose = (orderId: string | null) => {
    link.mutate(orderId, {
      onSuccess: () => {
        setPicking(false);
        const code = list.find((o) => o.id === orderId)?.code ?? '';
        notifySuccess(orderId ? t('ticketOrder.linked', { code }) : t('ticketOrder.unlinked'));
      },
      onError: notifyError,
    });
  };

  const picker = (
    <Select
      size="sm"
      placeholder={t('ticketOrder.pick')}
      aria-label={t('ticketOrder.pick')}
      data={list.map((o) => ({ value: o.id, label: `${o.code} · ${t(`orderStatus.${o.status}`)} · ${formatDate(o.orderedAt)} · ${formatMoney(o.total)}` }))}
      value={null}
      onChange={(v) => v && choose(v)}
      searchable
      nothingFoundMessage={t('ticketOrder.noOrders')}
      disabled={link.isPending}
      comboboxProps={{ withinPortal: true }}
      data-testid="ticket-order-picker"
    />
  );

  return (
    <Paper p="md" radius="md" data-testid="ticket-order-card" style={{ borderLeft: '4px solid var(--mantine-color-blue-6)' }}>
      <Group gap={6} mb="xs">
        <IconPackage size={16} color="var(--mantine-color-gray-6)" />
        <Text size="xs" tt="uppercase" fw={700} c="dimmed" style={{ letterSpacing: 0.4 }}>
          {ticket.orderId ? t('ticketOrder.about') : t('ticketOrder.title')}
        </Text>
      </Group>
      {ticket.orderId ? (
        <Stack gap="xs">
          {linked ? <OrderSummary order={linked} /> : <Skeleton h={60} />}
          {!readOnly && (
            <Group gap="xs">
              <Button size="compact-xs" variant="light" leftSection={<IconLink size={12} />} onClick={() => setPicking((p) => !p)}>
                {t('ticketOrder.change')}
              </Button>
              <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconLinkOff size={12} />} loading={link.isPending} onClick={() => choose(null)}>
                {t('ticketOrder.unlink')}
              </Button>
            </Group>
          )}
          {picking && picker}
        </Stack>
      ) : (
        <Stack gap="xs">
          {latest ? (
            <>
              <OrderSummary order={latest} maxItems={2} />
              <Group gap={6} wrap="nowrap" align="flex-start">
                <IconBulb size={14} color="var(--mantine-color-yellow-7)" style={{ flexShrink: 0, marginTop: 2 }} />
                <Text size="xs" c="dimmed" fs="italic">
                  {t('ticketOrder.opener', { code: latest.code, status: t(`orderStatus.${latest.status}`).toLowerCase() })}
                </Text>
              </Group>
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {t('ticketOrder.noOrders')}
            </Text>
          )}
          {!readOnly && list.length > 0 && (
            <>
              {latest && (
                <Button size="compact-sm" variant="light" leftSection={<IconLink size={14} />} loading={link.isPending} onClick={() => choose(latest.id)} data-testid="link-latest-order">
                  {t('ticketOrder.link')} {latest.code}
                </Button>
              )}
              {list.length > 1 && picker}
            </>
          )}
        </Stack>
      )}
    </Paper>
  );
}
