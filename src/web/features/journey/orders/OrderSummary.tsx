import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Order } from '../../../../shared/orders';
import { formatDate, formatMoney } from '../../../lib/format';
import { OrderStatusBadge } from './OrderStatusBadge';

/** An order in a few lines: code, status, date, the first items, total and payment. */
export function OrderSummary({ order, maxItems = 3 }: { order: Order; maxItems?: number }) {
  const { t } = useTranslation('journey');
  const shown = order.items.slice(0, maxItems);
  const more = order.items.length - shown.length;
  return (
    <Stack gap={4} data-testid="order-summary">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Text fw={700} truncate>
            {order.kind !== 'order' ? `${t(`orderKind.${order.kind}`)} ` : ''}
            {order.code}
          </Text>
          <OrderStatusBadge status={order.status} />
        </Group>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDate(order.orderedAt)}
        </Text>
      </Group>
      {shown.map((it) => (
        <Group key={it.position} justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" truncate>
            {Number(it.quantity) !== 1 ? `${it.quantity} × ` : ''}
            {it.name || it.sku}
          </Text>
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {formatMoney(it.unitPrice * Number(it.quantity))}
          </Text>
        </Group>
      ))}
      {more > 0 && (
        <Text size="xs" c="dimmed">
          {t('orders.moreItems', { count: more })}
        </Text>
      )}
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed">
          {order.paymentMethod === 'cod' ? t('orders.cod') : order.amountPaid > 0 ? t('orders.paidAmount', { amount: formatMoney(order.amountPaid) }) : ''}
          {order.carrier ? ` · ${order.carrier}` : ''}
        </Text>
        <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
          {t('orders.total')} {formatMoney(order.total)}
        </Text>
      </Group>
    </Stack>
  );
}
