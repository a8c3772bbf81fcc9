import { Badge, Divider, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { IconPackage, IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../../lib/format';
import { useCustomerOrders } from '../../journey/journeyApi';
import { OrderStatusBadge } from '../../journey/orders/OrderStatusBadge';
import { OrderSummary } from '../../journey/orders/OrderSummary';

/**
 * Orders first (issue 12): the latest order with its status and items, the other open ones, the
 * warranties still running and the lifetime value — so the agent can open with "I see your order X".
 */
export function OrdersCard({ customerId, compact = false }: { customerId: string; compact?: boolean }) {
  const { t } = useTranslation('journey');
  const q = useCustomerOrders(customerId);
  if (q.isPending) return <Skeleton h={compact ? 120 : 180} radius="md" />;
  if (q.isError) {
    return (
      <Paper p="md" radius="md">
        <Text size="sm" c="dimmed">
          {t('orders.unavailable')}
        </Text>
      </Paper>
    );
  }
  const o = q.data;
  const others = o.openOrders.filter((x) => x.id !== o.latestOrder?.id);
  return (
    <Paper p={compact ? 'md' : 'lg'} radius="md" data-testid="orders-card" style={{ borderLeft: '4px solid var(--mantine-color-blue-6)' }}>
      <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
        <Group gap={6} wrap="nowrap">
          <IconPackage size={16} color="var(--mantine-color-gray-6)" />
          <Text size="xs" tt="uppercase" fw={700} c="dimmed" style={{ letterSpacing: 0.4 }}>
            {o.latestOrder ? t('orders.latest') : t('orders.title')}
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap">
          <Text size="xs" c="dimmed">
            {t('orders.lifetimeValue')}
          </Text>
          <Text size="sm" fw={700} data-testid="lifetime-value" style={{ whiteSpace: 'nowrap' }}>
            {formatMoney(o.lifetimeValue)}
          </Text>
          <Badge size="sm" variant="light" color="gray" style={{ flexShrink: 0 }}>
            {t('orders.orderCount', { count: o.orderCount })}
          </Badge>
        </Group>
      </Group>
      {!o.latestOrder ? (
        <Text size="sm" c="dimmed">
          {t('orders.none')}
        </Text>
      ) : (
        <Stack gap="sm">
          <OrderSummary order={o.latestOrder} maxItems={compact ? 2 : 4} />
          {others.length > 0 && (
            <>
              <Divider />
              <Text size="xs" fw={700} c="dimmed">
                {t('orders.open', { count: others.length })}
              </Text>
              {others.slice(0, compact ? 2 : 5).map((x) => (
                <Group key={x.id} justify="space-between" wrap="nowrap" gap="xs">
                  <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} truncate>
                      {x.code}
                    </Text>
                    <OrderStatusBadge status={x.status} size="xs" />
                  </Group>
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(x.total)}
                  </Text>
                </Group>
              ))}
            </>
          )}
          {o.warranties.length > 0 && (
            <>
              <Divider />
              <Group gap={6}>
                <IconShieldCheck size={14} color="var(--mantine-color-teal-6)" />
                <Text size="xs" fw={700} c="dimmed">
                  {t('orders.warranties', { count: o.warranties.length })}
                </Text>
              </Group>
              {o.warranties.slice(0, compact ? 2 : 6).map((w) => (
                <Group key={`${w.orderId}-${w.sku}-${w.warrantyEndsOn}`} justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" truncate>
                    {w.name || w.sku}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {t('orders.until', { date: formatDate(w.warrantyEndsOn) })}
                  </Text>
                </Group>
              ))}
            </>
          )}
        </Stack>
      )}
    </Paper>
  );
}
