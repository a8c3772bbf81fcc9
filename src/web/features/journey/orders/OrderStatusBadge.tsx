import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../../../shared/orders';

const COLOR: Record<OrderStatus, string> = {
  draft: 'gray',
  quote: 'gray',
  confirmed: 'blue',
  paid: 'indigo',
  shipping: 'orange',
  delivered: 'teal',
  completed: 'green',
  cancelled: 'red',
  returned: 'grape',
};

/** "Đang giao", "Đã giao" … coloured by how far the order went. */
export function OrderStatusBadge({ status, size = 'sm' }: { status: OrderStatus; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation('journey');
  return (
    <Badge size={size} variant="light" color={COLOR[status]} data-testid="order-status">
      {t(`orderStatus.${status}`)}
    </Badge>
  );
}
